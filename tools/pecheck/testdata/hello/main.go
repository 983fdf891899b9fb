// A minimal program for pecheck's tests to cross-compile.
package main

func main() {}
