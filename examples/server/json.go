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
	if err := jsonType(r); err != nil {
		return err
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSON))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return readFailed(err, msgBadRequest)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &errBody{http.StatusBadRequest, msgBadRequest}
	}
	return nil
}

// readJSONBytes reads a JSON body of at most maxJSON bytes whole, for a
// caller that must wipe it (it holds a password): json.Decoder would keep
// a copy in a buffer of its own.
func readJSONBytes(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if err := jsonType(r); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSON))
	if err != nil {
		clear(b)
		return nil, readFailed(err, msgBadRequest)
	}
	return b, nil
}

func jsonType(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return &errBody{http.StatusUnsupportedMediaType, msgNotJSON}
	}
	return nil
}

// readFailed maps an error reading or decoding a body: too large (413),
// too slow (408, see bodyDeadline), else 400 with msg.
func readFailed(err error, msg string) error {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return &errBody{http.StatusRequestEntityTooLarge, msgRequestTooLarge}
	case errors.Is(err, os.ErrDeadlineExceeded):
		return &errBody{http.StatusRequestTimeout, msgRequestSlow}
	}
	return &errBody{http.StatusBadRequest, msg}
}

// failBody answers a readJSON error.
func failBody(w http.ResponseWriter, err error) {
	var eb *errBody
	if errors.As(err, &eb) {
		fail(w, eb.status, eb.msg)
		return
	}
	fail(w, http.StatusBadRequest, msgBadRequest)
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
