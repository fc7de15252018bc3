# Fixed assets (aset tetap): the register and each month's depreciation.

error-not_an_asset_entry = entry #{ $seq } does not debit the fixed-asset account { $account } (or it was reversed)
error-asset_registered = the asset of entry #{ $seq } is already in the fixed-asset register
error-invalid_useful_life = a useful life of 1 to { $max } months, a whole number
error-residual_above_cost = the residual value may not exceed the cost of { $cost }
error-invalid_month = the month "{ $text }" is not valid; write YYYY-MM, for example 2026-01
error-month_not_ended = the month { $month } has not ended; depreciation is posted after the month's end
error-depreciation_posted = the depreciation of { $month } is already posted
error-unknown_asset = no fixed asset of the register came from entry #{ $seq }
error-asset_disposed = the asset of entry #{ $seq } has already been disposed of
error-disposal_before_acquisition = an asset leaves the books no earlier than it came, { $acquired_on }
