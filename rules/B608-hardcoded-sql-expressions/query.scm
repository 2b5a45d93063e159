; Every str constant (plain or implicitly concatenated); the check rebuilds the string Bandit tests.
[(string) (concatenated_string)] @string
