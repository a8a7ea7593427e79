"""Data requests (数据需求) and error reports (纠错): one machinery for both. A citizen files one,
the bureau routes it to a department, the department answers in public within working-day
deadlines (a holiday calendar the bureau keeps), and the department ranking hears how fast.
Other features use it through `api.py`, its actions and the `shaoxing_feedback_changed` signal."""
