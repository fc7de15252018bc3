# Trade: sales, purchases, production, trade credit (receivables, payables), cash count.
error-invalid_quantity = Quantity must be a number above zero, e.g. 2 or 1.5 ("{ $text }" is not)
error-too_many_lines = at most { $max } lines in one transaction
error-invalid_id = "{ $text }" is not a valid number
error-insufficient_stock = Not enough in stock: { $product } — { $on_hand } { $unit }, { $requested } { $unit } asked
e_stock = Not enough in stock: { $product } — { $on_hand } { $unit }
