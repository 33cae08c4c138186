-- A small kyua results database (store schema v3, the tables the report
-- reads), for the report's unit tests.
CREATE TABLE metadata (schema_version INTEGER PRIMARY KEY, timestamp TIMESTAMP NOT NULL);
CREATE TABLE test_programs (test_program_id INTEGER PRIMARY KEY AUTOINCREMENT,
    absolute_path TEXT NOT NULL, root TEXT NOT NULL, relative_path TEXT NOT NULL,
    test_suite_name TEXT NOT NULL, metadata_id INTEGER, interface TEXT NOT NULL);
CREATE TABLE test_cases (test_case_id INTEGER PRIMARY KEY AUTOINCREMENT,
    test_program_id INTEGER REFERENCES test_programs, name TEXT NOT NULL,
    metadata_id INTEGER);
CREATE TABLE test_results (test_case_id INTEGER PRIMARY KEY REFERENCES test_cases,
    result_type TEXT NOT NULL, result_reason TEXT, start_time TIMESTAMP NOT NULL,
    end_time TIMESTAMP NOT NULL);
CREATE TABLE test_case_files (test_case_id INTEGER NOT NULL REFERENCES test_cases,
    file_name TEXT NOT NULL, file_id INTEGER NOT NULL REFERENCES files,
    PRIMARY KEY (test_case_id, file_name));
CREATE TABLE files (file_id INTEGER PRIMARY KEY, contents BLOB NOT NULL);
CREATE TABLE metadatas (metadata_id INTEGER NOT NULL, property_name TEXT NOT NULL,
    property_value TEXT, PRIMARY KEY (metadata_id, property_name));
INSERT INTO metadatas VALUES (0, 'description', '');
INSERT INTO metadatas VALUES (1, 'description', 'Removing a removed segment is refused (XSH shmctl)');
INSERT INTO metadata VALUES (3, 1795848701);
INSERT INTO test_programs VALUES (1, '/b/suites/posix_shm_name_test', '/b', 'suites/posix_shm_name_test', 'shmcompat', 0, 'atf');
INSERT INTO test_programs VALUES (2, '/b/suites/sysv_shm_test', '/b', 'suites/sysv_shm_test', 'shmcompat', 0, 'atf');
INSERT INTO test_cases VALUES (1, 1, 'name__degenerate', 0);
INSERT INTO test_cases VALUES (2, 2, 'shmget__other_user__eacces', 0);
INSERT INTO test_cases VALUES (3, 2, 'shmctl__after_rmid', 1);
INSERT INTO test_cases VALUES (4, 1, 'name__broken', 0);
INSERT INTO test_results VALUES (1, 'passed', NULL, 1000000, 1002500);
INSERT INTO test_results VALUES (2, 'skipped', 'Requires root privileges', 1003000, 1003100);
INSERT INTO test_results VALUES (3, 'failed', 'XSH shm <x> | y', 1004000, 1005000);
INSERT INTO test_results VALUES (4, 'broken', 'Test case body timed out', 1006000, 1007000);
INSERT INTO files VALUES (1, CAST('some chatter
shmc-obs: posix_shm.name.root.create "EINVAL"
shmc-obs: posix_shm.name.root.unlink "ENOENT"
shmc-obs: posix_shm.name.root.file null
shmc-obs: posix_shm.name.max_length 18446744073709551615
' AS BLOB));
INSERT INTO files VALUES (2, CAST('shmc-obs: sysv_shm.rmid.shmat_after_rmid "ok"
shmc-obs: sysv_shm.rmid.key_free_while_attached not-json
' AS BLOB));
INSERT INTO test_case_files VALUES (1, '__STDOUT__', 1);
INSERT INTO test_case_files VALUES (3, '__STDOUT__', 2);
INSERT INTO files VALUES (3, CAST('*** Check failed: suites/sysv_shm_test.c:42: XSH shmctl [EINVAL]: got ''EIDRM''
' AS BLOB));
INSERT INTO test_case_files VALUES (3, '__STDERR__', 3);
