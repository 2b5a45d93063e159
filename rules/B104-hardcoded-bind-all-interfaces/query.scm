; Every string literal and implicit concatenation, with its parent (saves a parent lookup per string); the check
; derives CPython's str constants (Bandit's Str tests).
(_ [(string) (concatenated_string)] @string) @_parent
