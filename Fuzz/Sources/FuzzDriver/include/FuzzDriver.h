// libFuzzer's entry for programs with a main of their own (SwiftPM names an executable's main
// <Module>_main, so each fuzz target calls the driver from there).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const unsigned char *data, unsigned long size));
