; Every string literal and implicit concatenation, with its parent (saves a parent lookup per string); the check
; derives CPython's str constants (Bandit's Str tests). One pattern per node type: the engine then knows the type.
(_ (string) @string) @_parent
(_ (concatenated_string) @string) @_parent
