// Empty: the translation unit that builds the tests' precompiled header
// (tests/CMakeLists.txt, ringtrim_test_pch).
