# The expense page (bayar beban).
new_expense = Pay an expense
expense_account = Expense account
choose_expense_account = — choose an expense account —
expense_amount = Amount (Rp)
paid_from = Paid from
paid_from_cash = Cash
paid_from_bank = Bank
expense_description = Description (e.g. wages of two people, 2 days)
expense_description_hint = Written in the journal, so it is clear what the money went on.
save_expense = Save payment
on_hand = Balance now
