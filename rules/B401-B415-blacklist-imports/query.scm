; Import statements (prefix match on the imported names).
[
  (import_statement)
  (import_from_statement)
] @import

; Calls: __import__("x"), importlib.import_module("x") and calls to listed names (exact match).
(call) @import
