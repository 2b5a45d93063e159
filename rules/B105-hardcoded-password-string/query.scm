; Every string literal and implicit concatenation; the check derives CPython's str constants (Bandit's Str tests).
[(string) (concatenated_string)] @string
