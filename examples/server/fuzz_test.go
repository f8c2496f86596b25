package main

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzPassword: password.UnmarshalJSON accepts exactly the JSON strings
// encoding/json accepts, with the same bytes, and never panics.
func FuzzPassword(f *testing.F) {
	for _, s := range []string{`"plum-orbit-7319"`, `"a\"b"`, `"\u00e9t\u00e9"`, `"é"`, `""`, `"a"b"`, `123`, `"\x01"`, `"\ud800"`, "\"\xff\"",
		`"\ud83d\ude00"`, `"\ud800\u0041"`, `"\udc00\ud800"`, `"\u12"`, `"\q"`, `"\/\b\f\n\r\t\\"`, `"a\"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var p password
		perr := p.UnmarshalJSON(b)
		var s string
		serr := json.Unmarshal(b, &s)
		if serr == nil && (len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"') {
			return // null or blanks around a string: a password must be a bare string
		}
		if (perr == nil) != (serr == nil) {
			t.Fatalf("%q: UnmarshalJSON error %v, encoding/json error %v", b, perr, serr)
		}
		if perr == nil && string(p) != s {
			t.Fatalf("%q: got %q, encoding/json %q", b, p, s)
		}
	})
}

// fuzzSeller is a server with one logged-in seller, for fuzzing handlers
// that need a session without paying a key derivation per input.
func fuzzSeller(f *testing.F) (http.Handler, func(*http.Request)) {
	e := newEnv(f, nil)
	c := e.seller(f, "fuzz")
	tok, csrf := c.cookie(sessionCookie), c.cookie(csrfCookie)
	return e.srv.Handler(), func(r *http.Request) {
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: tok})
		r.Header.Set(csrfHeader, csrf)
	}
}

// FuzzUpload posts arbitrary bytes as the uploaded file: the answer is
// 200 or a 4xx with a message, never a 5xx or a panic.
func FuzzUpload(f *testing.F) {
	data, _ := vtr(f, 5, 1)
	for _, s := range [][]byte{data, []byte("type,id,date,currency,net\nsale,1,2026-07-01,EUR,10\n"), {0xff, 0xfe, 0}, nil, []byte("PK\x03\x04")} {
		f.Add(s)
	}
	h, auth := fuzzSeller(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "f")
		fw.Write(b)
		mw.Close()
		r := httptest.NewRequest("POST", "/api/uploads", &body)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		auth(r)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 || w.Code != http.StatusOK && !bytes.Contains(w.Body.Bytes(), []byte(`"error"`)) {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
}

// FuzzJSONBodies sends arbitrary bodies to the JSON endpoints of a seller
// that do not derive keys: 2xx or a 4xx with a message, never a 5xx.
func FuzzJSONBodies(f *testing.F) {
	f.Add(uint8(0), []byte(`{"numbers":["DE113866163","xx"]}`))
	f.Add(uint8(1), []byte(`{"kind":"oss","period":"2026-Q3","home":"DE","format":"csv"}`))
	f.Add(uint8(1), []byte(`{"kind":"oss","period":"2026-Q9","home":"de"}`))
	f.Add(uint8(0), []byte(`{"numbers":[1,2]}`))
	f.Add(uint8(2), []byte(`{"login":"a","password":"\u0000"}`))
	h, auth := fuzzSeller(f)
	paths := []string{"/api/vies/check", "/api/reports", "/api/reports"}
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		if which == 2 {
			var c credentials // enrol and login bodies: decoding only
			json.Unmarshal(b, &c)
			return
		}
		r := httptest.NewRequest("POST", paths[int(which)%len(paths)], bytes.NewReader(b))
		r.Header.Set("Content-Type", "application/json")
		auth(r)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
}
