-- text and bound values (1 parameter)
SELECT * FROM users WHERE email = $1;

-- several values (2 parameters)
SELECT name FROM users WHERE role = $1 AND id > $2;

