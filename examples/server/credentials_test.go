package main

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestFinding9CredentialsLeaveNoCopy: decoding the body of enrol or login
// wipes the body before returning, whatever the outcome, so that the only
// copy of the password left is the returned one, which the handler wipes;
// escaped passwords are decoded without a Go string (see
// password.UnmarshalJSON, FuzzPassword).
func TestFinding9CredentialsLeaveNoCopy(t *testing.T) {
	tests := []struct {
		name, body     string
		login, passwrd string
		ok             bool
	}{
		{"plain", `{"login":"a@example.com","password":"plum-orbit-7319-vessel"}`, "a@example.com", "plum-orbit-7319-vessel", true},
		{"escaped", `{"password":"quote\" and \u00e9 \ud83d\ude00","login":"b@example.com"}`, "b@example.com", "quote\" and é 😀", true},
		{"unknown field", `{"login":"a@example.com","password":"plum-orbit-7319-vessel","admin":true}`, "", "", false},
		{"two values", `{"login":"a","password":"plum-orbit-7319-vessel"}{}`, "", "", false},
		{"password not a string", `{"login":"a","password":123456789012}`, "", "", false},
		{"not an object", `["plum-orbit-7319-vessel"]`, "", "", false},
		{"null", `null`, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.body)
			c, err := decodeCredentials(b)
			if (err == nil) != tt.ok || c.Login != tt.login || string(c.Password) != tt.passwrd {
				t.Errorf("got %q, %q, %v; want %q, %q, ok %v", c.Login, []byte(c.Password), err, tt.login, tt.passwrd, tt.ok)
			}
			if bytes.ContainsFunc(b, func(r rune) bool { return r != 0 }) {
				t.Errorf("the body is still in memory: %q", b)
			}
		})
	}
}

// FuzzCredentials: decodeCredentials never panics, always wipes its
// input, and accepts only valid JSON.
func FuzzCredentials(f *testing.F) {
	for _, s := range []string{`{"login":"a@b.c","password":"plum-orbit-7319"}`, `{"login":"a","password":"\u00e9"}`,
		`{"password":"x","login":1}`, `{}`, `{"login":"a","login":"b","password":"p","password":"q"}`, `{"a":`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		valid := json.Valid(b)
		_, err := decodeCredentials(b)
		if err == nil && !valid {
			t.Fatal("accepted invalid JSON")
		}
		if bytes.ContainsFunc(b, func(r rune) bool { return r != 0 }) {
			t.Fatal("input not wiped")
		}
	})
}
