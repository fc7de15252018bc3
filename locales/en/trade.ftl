# Trade: sales, purchases, production, trade credit (receivables, payables), cash count.
error-invalid_quantity = the quantity "{ $text }" is not valid; write a number above zero, such as 2 or 1.5
error-too_many_lines = at most { $max } lines in one transaction
error-invalid_id = "{ $text }" is not a valid number
