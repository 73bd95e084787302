-- Regional monitor: imported open data. Filled in by the monitor work.
SELECT 1;
