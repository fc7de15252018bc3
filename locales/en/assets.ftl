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

# The fixed-asset page.
fixed_assets = Fixed assets
asset = Asset
acquired_on = Acquired on
asset_cost = Cost
useful_life = Useful life (months)
depreciated = Depreciation posted
disposed = disposed of
no_assets = No fixed asset has been registered yet.
unregistered_assets = Equipment purchases and grants in kind not yet registered as assets
no_unregistered_assets = Every equipment purchase and grant in kind is registered.
register_asset = Register a fixed asset
asset_entry = Entry number it came from
asset_name = Name of the asset
residual_value = Residual value (empty for none)
month_depreciation = Monthly depreciation
last_depreciation = Last posted
depreciation_month = Month (YYYY-MM)
depreciation_month_hint = After the month's end, once a month; a month skipped is caught up.
post_depreciation = Post depreciation
