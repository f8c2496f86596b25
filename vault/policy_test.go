package vault

import (
	"errors"
	"strings"
	"testing"
)

// The cases follow NIST SP 800-63B rev. 3 §5.1.1.2 (rev. 4 §3.1.1.2):
// minimum length, blocklist of common values, repetitive or sequential
// characters, context-specific words (the user name); no composition rules.
func TestCheckPassword(t *testing.T) {
	const login = "maria.rossi@example.it"
	tests := []struct {
		name, password string
		reason         string // "" means accepted
	}{
		{"11 characters", "plum-harb42", "shorter than 12 characters"},
		{"11 characters with accents counted as characters", "éééééééééé1", "shorter than 12 characters"},
		{"decomposed accents count once each (NFC)", strings.Repeat("e\u0301", 6) + "xyzw1", "shorter than 12 characters"},
		{"too long", strings.Repeat("purple tiger ", 100), "longer than 1024 bytes"},
		{"listed", "password1234", "a commonly used password"},
		{"listed, upper case", "PASSWORD1234", "a commonly used password"},
		{"listed, with spaces", "iloveyou 1234", "a commonly used password"},
		{"listed xkcd phrase", "correct horse battery staple", "a commonly used password"},
		{"listed password padded", "Password2026!!", "a commonly used password with digits or symbols added"},
		{"listed password in leet, padded", "P@ssw0rd!!2026", "a commonly used password with digits or symbols added"},
		{"listed password padded at both ends", "2026#sunflower!", "a commonly used password with digits or symbols added"},
		{"common word padded", "autumnautumnautumn#1", "a common word with digits or symbols added"},
		{"common word repeated", "monkeymonkey99", "a common word with digits or symbols added"},
		{"one character repeated", "zzzzzzzzzzzzzz", "repeated characters or a repeated sequence"},
		{"few distinct characters", "abab1212abab1212", "repeated characters or a repeated sequence"},
		{"repeated unit", "kx7pqkx7pqkx7pq", "repeated characters or a repeated sequence"},
		{"keyboard row walk", "poiuytrewqlkj", "a keyboard or alphabet sequence"},
		{"keyboard column walk", "3edc4rfv5tgb6yhn", "a keyboard or alphabet sequence"},
		{"alphabet run", "lmnopqrstuvw", "a keyboard or alphabet sequence"},
		{"digit run", "3456789012345", "a keyboard or alphabet sequence"},
		{"contains the login", "xq-maria.rossi@example.it", "contains the login"},
		{"contains the login's local part", "Zebra!maria.rossi7", "contains the login"},
		{"passphrase", "plum harbour violin 42", ""},
		{"random", "k8#Vq2!mZp9Lw", ""},
		{"unicode passphrase", "Über den Wolken zwölf", ""},
		{"exactly 12", "tG7!rq2Wmz8v", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckPassword([]byte(tc.password), NormalizeLogin(login))
			if tc.reason == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var pe *PolicyError
			if !errors.As(err, &pe) || pe.Reason != tc.reason || !errors.Is(err, ErrWeakPassword) {
				t.Fatalf("err = %v, want reason %q", err, tc.reason)
			}
			if strings.Contains(err.Error(), tc.password) {
				t.Fatal("the error quotes the password")
			}
		})
	}
}

func TestCheckPasswordLeavesInputAlone(t *testing.T) {
	pw := []byte("plum harbour violin 42")
	want := string(pw)
	if err := CheckPassword(pw, "x"); err != nil {
		t.Fatal(err)
	}
	if string(pw) != want {
		t.Fatal("CheckPassword changed the caller's password bytes")
	}
}

func TestNormalizeLogin(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"lower case", "Maria.Rossi@Example.IT", "maria.rossi@example.it"},
		{"trim", "  maria@example.it\t\n", "maria@example.it"},
		{"NFC", "jose\u0301@example.es", "jos\u00e9@example.es"},
		{"inner space kept", "Maria Rossi", "maria rossi"},
		{"non-Latin", "ΜΑΡΊΑ", "μαρία"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := NormalizeLogin(tc.in); got != tc.want {
				t.Fatalf("NormalizeLogin(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
