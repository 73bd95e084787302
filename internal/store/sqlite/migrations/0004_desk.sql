-- The desk: questions, offers, notifications. Filled in by the desk work.
SELECT 1;
