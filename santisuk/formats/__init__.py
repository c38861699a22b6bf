"""Date formats as people in Cambodia write them: the day before the month (20/11/2026), in
English as in Khmer; ISO dates (2026-11-20) are read everywhere. Django's own formats for
Khmer are kept for display."""
