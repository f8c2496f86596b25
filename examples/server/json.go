package main

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
)

// maxJSON bounds a JSON request body: logins and number lists are small.
const maxJSON = 64 << 10

// errBody is a request body the API cannot take; its message says why
// without quoting it.
type errBody struct {
	status int
	msg    string
}

func (e *errBody) Error() string { return e.msg }

// readJSON decodes one JSON object of at most maxJSON bytes into v, with no
// unknown fields and nothing after it.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &errBody{http.StatusUnsupportedMediaType, "Content-Type must be application/json"}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &errBody{http.StatusRequestEntityTooLarge, "request body too large"}
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return &errBody{http.StatusRequestTimeout, "the request body came too slowly"}
		}
		return &errBody{http.StatusBadRequest, "malformed JSON body"}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &errBody{http.StatusBadRequest, "malformed JSON body: more than one value"}
	}
	return nil
}

// failBody answers a readJSON error.
func failBody(w http.ResponseWriter, err error) {
	var eb *errBody
	if errors.As(err, &eb) {
		fail(w, eb.status, eb.msg)
		return
	}
	fail(w, http.StatusBadRequest, "bad request")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// fail answers an error as {"error": msg}. msg is fixed text: never a
// value from the request.
func fail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
