# The treasurer's task pages: production, members, receivables and payables, and the confirmation after saving.

## After saving
record_again = Record another
see_entry = See journal entry
# $memo: what the batch made, as written in the journal.
done_production = { $memo } saved
# $party: the customer; $amount: written as rupiah.
done_collection = Collection from { $party } { $amount } saved
# $party: the supplier; $amount: written as rupiah.
done_payment = Payment to { $party } { $amount } saved
# $seq: the entry's number; $memo: its description.
done_entry = Journal entry #{ $seq } saved: { $memo }
# $number, $name: the member's number and name.
done_member = Member { $number } { $name } registered

## Production
new_production = Record production
production_hint = Inputs leave stock at their average cost; the outputs enter stock at the inputs' cost plus the direct cost.
production_inputs = Inputs used
production_input = Input
production_outputs = Outputs made
production_output = Output
production_more = Cost and description
direct_cost = Direct cost paid from cash (Rp)
direct_cost_hint = May be empty. Firewood or today's wages, say. Write 150.000 or 150000.
production_memo_hint = May be empty; then the journal names what was made.
save_production = Save production

## Members
members = Members
new_member = Register a member
member_search = Search by name or member number
search = Search
members_found = members found
member_name = Name
joined = Joined
exited = Left
paging = List pages
page = Page
previous_page = ‹ Previous
next_page = Next ›
member_number_hint = Such as TAHU-012: letters, digits, '-', '.' or '/'; no other member may have it.
member_kind = Kind of member
kind_klien = Client
kind_petugas = Staff
kind_keluarga = Resident family
phone = Phone number
optional = May be empty.
nik = NIK (national ID number)
nik_hint = May be empty; if given, the 16 digits of the ID card.
joined_on = Date joined
save_member = Save member
e_member_number = The member number is required: 1–20 letters, digits, '-', '.' or '/'.
e_member_name = The name is required, at most 200 characters, with no control or invisible characters (text-direction overrides, zero-width).
e_member_kind = Choose the kind of member.
e_phone = A phone number has 8–15 digits, and may start with '+'.
e_nik = A NIK has the 16 digits of the ID card.

## Receivables and payables
receivables = Receivables
payables = Payables
open_amount = Open
oldest = Oldest
days = days
age_0_30 = 0–30 days
age_31_60 = 31–60 days
age_61_90 = 61–90 days
age_over_90 = over 90 days
no_receivables = Nobody owes anything.
no_payables = Nothing is owed to suppliers.
new_collection = Record a collection
new_supplier_payment = Record a supplier payment
save_collection = Save collection
save_supplier_payment = Save payment
choose_party = — choose —
