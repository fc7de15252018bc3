# The SHU allocated by the members' annual meeting (RAT), after the year's close.

error-year_not_closed = the books of { $year } are not closed: close the year first, then record the RAT's decision
error-shu_already_allocated = the SHU of { $year } is already allocated; its allocation cannot be recorded again
error-rat_before_year_end = the RAT of the book year { $year } meets after 31 December { $year }, not on { $rat_date }
error-shu_awaiting_rat = the SHU of { $year } still waits for the RAT's decision: record the RAT's decision first

record_rat_decision = Record the RAT's decision
rat_date = Date of the RAT
rat_minutes = Minutes reference of the RAT
rat_minutes_hint = For example BA-RAT/2026/01: the minutes that record the SHU allocation decided.
rat_decision_posts = The SHU allocation is posted on the RAT's date: the reserve, the funds and each member's share.
shu_awaiting_rat = The year is closed; its SHU waits for the RAT's decision. The figures below are still a preview.
shu_decided = Decided by the RAT
shu_allocated_at_close = Allocated at the close
