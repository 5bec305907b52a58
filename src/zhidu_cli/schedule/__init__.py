"""Time: calendar periods, months, and statutory working days."""
