; Every assert statement (Bandit's assert_used visits ast.Assert).
(assert_statement) @assert
