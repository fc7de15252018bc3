# Members, savings, grants and loans (src/usecase/members, src/usecase/funding).

error-out_of_range = "{ $text }" must be a whole number from { $min } to { $max }
error-invalid_percent = percentage "{ $text }" is not valid; write a number from 0 to 100 with at most 4 decimals (6 or 6.5)

## The bylaws page (/entities/{id}/bylaws)
bylaws = Bylaws
bylaws_savings_terms = Savings terms
bylaws_shu_policy = SHU allocation
bylaws_versions_rule = Each version holds from its date until a newer one; an old version is never changed.
bylaws_from = In force from
bylaws_pokok_rule = Principal savings are paid once on joining and paid back when the member leaves.
bylaws_wajib_rule = Mandatory savings are paid every month and paid back when the member leaves.
bylaws_no_terms = No savings terms yet: principal and mandatory savings cannot be recorded.
bylaws_new_terms = New version of the savings terms
bylaws_effective_from = In force from
bylaws_from_hint = A date that has no version yet.
bylaws_pokok_amount = Principal savings (Rp)
bylaws_wajib_amount = Mandatory savings a month (Rp)
bylaws_save_terms = Save the terms
bylaws_terms_saved = Savings terms saved, in force from
bylaws_shu_rule = A closed year's SHU is shared by these percentages, which add up to exactly 100%.
bylaws_no_policy = No SHU allocation yet: the year cannot be closed.
bylaws_share_reserve = The reserve stays in own capital: the part of the SHU put back in.
bylaws_share_jasa_modal = Return on capital is shared among members by their principal and mandatory savings.
bylaws_share_jasa_usaha = Return on business is shared among members by what they bought from the business that year.
bylaws_share_fund = This fund is moved to its own account.
bylaws_basis_year_end = Return on capital is counted from savings at the end of the year.
bylaws_basis_monthly_average = Return on capital is counted from the average of savings at each month's end.
error-version_taken = a version in force from { $date } already exists; start a new version on another date
error-invalid_code = code "{ $text }" is not valid: 1–20 letters, digits, "-" or "."
error-fund_account = account { $account } cannot take an SHU fund: choose a postable account that is not a member's savings or stock
error-invalid_unit = unit "{ $text }" is not valid: 1–20 letters (kg, pack, piece)

## The products page (/entities/{id}/products)
products_title = Products
products_new = Add a product
products_saved = Product saved:
products_price = Price
products_stock = Stock
products_none = No products yet.
products_change = Change a price, name or unit
products_which = Product
products_choose = — choose a product —
products_new_price = New price (Rp)
products_new_name = New name
products_new_unit = New unit
products_keep_hint = Leave empty to keep it.
products_save_change = Save the change
products_code = Product code
products_code_hint = Short and unique, such as TAHU or KDL.
products_name = Product name
products_kind = Kind of product
products_unit = Unit
products_unit_hint = Such as kg, pack, piece.
products_price_hint = The price a sale starts from; 0 when it is set at each sale.
products_save = Save the product
products_kind_bahan_baku = Raw material
products_kind_barang_jadi = Finished good
products_kind_jasa = Service

## A member leaves (/members/{id}/exit)
exit_title = Member leaves
exit_rule = A leaving member is paid back their principal, mandatory and voluntary savings and any SHU share not yet paid, in one entry from cash.
exit_total = Paid from cash
exit_cash = Cash on hand now
exit_short = The cash does not cover all of it.
exit_already = This member left on
exit_confirm = Confirm the exit and pay
exit_link = Leaves
bylaws_shu_saved = SHU allocation saved, in force from
bylaws_new_shu = New version of the SHU allocation
bylaws_reserve_percent = Reserve (%)
bylaws_jasa_modal_percent = Return on capital (%)
bylaws_jasa_usaha_percent = Return on business (%)
bylaws_fund_name = Name of another fund (if any)
bylaws_fund_percent = Other fund (%)
bylaws_fund_account = Other fund's account
bylaws_fund_account_hint = Such as 2107 Social fund.
bylaws_capital_basis = Return on capital counted from
bylaws_save_shu = Save the SHU allocation
