# Why a request is refused: one message per code of `domain::problem::Problem`
# (`error-<code>`), with the same variables in every language.

error-required = required
error-malformed = the request does not fit: { $detail }
error-invalid_date = the date "{ $text }" is not valid; write YYYY-MM-DD with a date that exists
error-invalid_amount = the amount "{ $text }" is not valid; write 1.500.000 or 1500000 (at most 2 decimals)
error-amount_not_positive = the amount must be more than zero
error-invalid_text = at most { $max_chars } characters, no control characters or invisible format characters (text-direction overrides, zero-width)
error-invalid_account_code = the account code "{ $text }" is not valid; write digits such as 5201
error-unknown_account = account { $account } is not in the chart of accounts
error-wrong_account = { $expected ->
    [expense] account { $account } is not an expense account that takes postings; choose an expense account (5xxx)
   *[cash_or_bank] "{ $account }" is not a source of funds; choose cash or bank
}
error-insufficient_funds = account { $account } holds only { $balance }; not enough to pay { $needed }
error-insufficient_funds_on = on { $date } account { $account } held only { $balance }; paying { $needed } at an earlier date would take it below zero
error-period_locked = the date { $date } is in a closed period (closed through { $locked_through })
error-unknown_choice = "{ $text }" is not one of the choices; choose { $allowed }
