# Rules every entry keeps, whichever path it comes by (`domain::books`), and dates.

error-date_out_of_range = the date { $text } is outside the years the books keep: { $earliest } to { $latest }
error-unknown_member = member { $member_id } is not in this entity's register
error-unknown_product = product { $product_id } is not in this entity's register
error-insufficient_savings = member { $member_id } holds only { $balance } on account { $account }; not enough to take out { $needed }
error-savings_locked = member { $member_id }'s savings on account { $account } (pokok/wajib) are paid back only when the member leaves
error-amount_negative = the amount may not be below zero
batch-entry = entry { $index } of the request: { $errors }

# The purchase form: a line that is an expense.

purchase_expense_hint = For example 5203 for fuel; leave empty for stock or equipment.
e_expense_account = Write an expense account code, such as 5203.

# The chart of accounts of an entity.
error-account_inactive = account { $account } is deactivated; choose another account
error-duplicate_account = the chart already has an account { $account }
error-wrong_parent = the parent account { $parent } does not exist or is of another type than account { $account }
error-account_has_balance = account { $account } still holds { $balance }; empty it first

# The chart of accounts page.
chart_of_accounts = Chart of accounts
account_name = Account name
balance = Balance
account_inactive = inactive
add_account = Add an account
account_parent = Under the parent account
choose_parent = Choose the parent account
account_code_hint = A new code, such as 5211; it takes the parent's type.
save_account = Save the account

new_account_code = New account code
rename_account = Rename the account
deactivate_account = Deactivate the account
deactivate_account_hint = A deactivated account keeps its history but takes no new entries; only an account with a zero balance can be deactivated.
