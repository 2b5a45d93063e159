; Every except handler (Bandit's ExceptHandler; `except*` handlers too).
(except_clause) @handler
