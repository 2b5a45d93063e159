; Every str constant (plain or implicitly concatenated), with its parent; the check rebuilds the string Bandit tests.
(_ [(string) (concatenated_string)] @string) @_parent
