package main

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
)

// The ids the server makes (a report job, a VIES answer kept as evidence,
// a tenant) and the names the page chooses for its uploads are 128 random
// bits written as 32 lower-case hex digits.

// newID returns a new random id.
func newID() string {
	var raw [16]byte
	rand.Read(raw[:])
	return hex.EncodeToString(raw[:])
}

// isID reports whether id is 32 lower-case hex digits.
func isID(id string) bool {
	return len(id) == 32 && strings.Trim(id, "0123456789abcdef") == ""
}
