; Every str constant (plain or implicitly concatenated), with its parent; the check rebuilds the string Bandit tests.
; One pattern per node type: the engine then knows the type.
(_ (string) @string) @_parent
(_ (concatenated_string) @string) @_parent
