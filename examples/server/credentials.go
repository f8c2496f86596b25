package main

import (
	"encoding/json"
	"errors"
	"net/http"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// credentials is the body of enrol and login.
type credentials struct {
	Login    string
	Password password
}

// password holds a typed password as bytes, so that it can be wiped, and
// prints as "[redacted]".
type password []byte

func (p password) String() string { return "[redacted]" }

func (p password) wipe() { clear(p) }

// errNotString is a password that is not a JSON string.
var errNotString = errors.New("server: password must be a JSON string")

// UnmarshalJSON decodes a JSON string into new bytes, as encoding/json
// decodes one (RFC 8259 §7; invalid UTF-8 and lone surrogates become
// U+FFFD), but without ever making a Go string of it: a string cannot be
// wiped. On an error nothing is kept.
func (p *password) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return errNotString
	}
	in := b[1 : len(b)-1]
	out := make(password, 0, len(in))
	for i := 0; i < len(in); {
		c := in[i]
		switch {
		case c == '\\':
			r, n := unescape(in[i:])
			if n == 0 {
				out.wipe()
				return errNotString
			}
			out = utf8.AppendRune(out, r)
			i += n
		case c == '"' || c < 0x20:
			out.wipe()
			return errNotString
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, n := utf8.DecodeRune(in[i:]) // invalid: U+FFFD, one byte
			out = utf8.AppendRune(out, r)
			i += n
		}
	}
	*p = out
	return nil
}

// unescape decodes the escape sequence at the start of b and returns its
// rune and length, or a length of 0 when it is not one. A \u escape of a
// surrogate takes the next one with it when the two make a pair, and is
// U+FFFD otherwise, as in encoding/json.
func unescape(b []byte) (rune, int) {
	if len(b) < 2 {
		return 0, 0
	}
	switch b[1] {
	case '"', '\\', '/':
		return rune(b[1]), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r, ok := hex4(b[2:])
		if !ok {
			return 0, 0
		}
		if !utf16.IsSurrogate(r) {
			return r, 6
		}
		if len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
			if r2, ok := hex4(b[8:]); ok {
				if d := utf16.DecodeRune(r, r2); d != unicode.ReplacementChar {
					return d, 12
				}
			}
		}
		return unicode.ReplacementChar, 6
	}
	return 0, 0
}

// hex4 reads four hexadecimal digits.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// errCredentials is a body of enrol or login that is not one JSON object
// of a login and a password.
var errCredentials = &errBody{http.StatusBadRequest, `malformed JSON body: want {"login": "...", "password": "..."}`}

// decodeCredentials decodes the body of enrol or login and wipes it, and
// every copy of the password made on the way, before returning: only the
// returned Password holds it, for the caller to wipe. json.Unmarshal reads
// b in place; the fields are taken as raw bytes and decoded one by one,
// refusing unknown ones.
func decodeCredentials(b []byte) (credentials, error) {
	defer clear(b)
	var fields map[string]json.RawMessage
	err := json.Unmarshal(b, &fields)
	defer func() {
		for _, v := range fields {
			clear(v)
		}
	}()
	var c credentials
	for k, v := range fields {
		switch {
		case err != nil:
		case k == "login":
			err = json.Unmarshal(v, &c.Login)
		case k == "password":
			err = c.Password.UnmarshalJSON(v)
		default:
			err = errCredentials
		}
	}
	if err != nil || fields == nil {
		c.Password.wipe()
		return credentials{}, errCredentials
	}
	return c, nil
}

// readCredentials reads and checks the body of enrol or login, or answers
// the error itself.
func (s *server) readCredentials(w http.ResponseWriter, r *http.Request) (credentials, bool) {
	b, err := readJSONBytes(w, r)
	if err == nil {
		var c credentials
		if c, err = decodeCredentials(b); err == nil {
			return s.checkCredentials(w, c)
		}
	}
	failBody(w, err)
	return credentials{}, false
}

func (s *server) checkCredentials(w http.ResponseWriter, c credentials) (credentials, bool) {
	if c.Login == "" || len(c.Login) > 254 || len(c.Password) == 0 || len(c.Password) > 1024 {
		c.Password.wipe()
		fail(w, http.StatusBadRequest, msgCredentialsMissing)
		return credentials{}, false
	}
	return c, true
}
