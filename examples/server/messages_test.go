package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/time/rate"

	"github.com/vatkit/vatkit/vies"
	"github.com/vatkit/vatkit/vies/viestest"
)

// internals are what must never reach the page: a package prefix, a Go
// network error, an address.
var internals = regexp.MustCompile(`\b(ingest|vies|vat|vault|report|server|sql|sqlite|json|multipart|http):|dial tcp|lookup |connection refused|\b\d{1,3}(\.\d{1,3}){3}\b|\[::1?\]|127\.0\.0\.1|localhost`)

// sellerSentence fails the test unless msg is exactly want and holds
// nothing of the server's internals.
func sellerSentence(t *testing.T, msg, want string) {
	t.Helper()
	if msg != want {
		t.Errorf("message %q\nwant %q", msg, want)
	}
	if internals.MatchString(msg) {
		t.Errorf("message %q shows internals", msg)
	}
}

// answers fails the test unless a request without a body is answered
// with status and exactly the sentence want.
func (c *client) answers(t *testing.T, method, path string, status int, want string) {
	t.Helper()
	resp, b := c.do(method, path, "", nil)
	if resp.StatusCode != status {
		t.Errorf("%s %s: status %d, want %d", method, path, resp.StatusCode, status)
	}
	sellerSentence(t, errorOf(t, b), want)
}

// errorOf returns the "error" of a JSON error answer.
func errorOf(t *testing.T, b []byte) string {
	t.Helper()
	var e struct{ Error string }
	if err := json.Unmarshal(b, &e); err != nil || e.Error == "" {
		t.Fatalf("not an error answer: %q", b)
	}
	return e.Error
}

// uploadRaw posts data as the file of an upload and returns the status and
// the error message.
func (c *client) uploadRaw(t *testing.T, name string, data []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	resp, b := c.do("POST", "/api/uploads", mw.FormDataContentType(), buf.Bytes())
	if resp.StatusCode == http.StatusOK {
		return resp.StatusCode, ""
	}
	return resp.StatusCode, errorOf(t, b)
}

func TestUploadMessages(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "upload-messages")
	big := bytes.Repeat([]byte("x"), 5<<20)
	headerOnly, _ := vtr(t, 0, 1)
	// A workbook of a few hundred KiB that unpacks past ingest's 128 MiB.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	part, _ := zw.Create("xl/worksheets/sheet1.xml")
	zeros := make([]byte, 1<<20)
	for range 129 {
		part.Write(zeros)
	}
	zw.Close()
	tests := []struct {
		name   string
		file   []byte
		status int
		want   string
	}{
		{"unknown format", []byte("name,amount\nPlum,12.00\n"), 422, msgUnknownFormat},
		{"empty file", nil, 422, msgNoHeader},
		{"header only", headerOnly, 422, msgNoData},
		{"VAT Calculation report", []byte("ORDER ID,TRANSACTION TYPE,TAX CALCULATION DATE,OUR_PRICE TAX INCLUSIVE SELLING PRICE\n1,SHIPMENT,2026-07-01,10\n"), 422,
			"This is Amazon's VAT Calculation Report, which vatkit does not read: upload the VAT Transactions Report for the same months. Nothing was stored."},
		{"PayPal in Dutch", []byte("Datum,Tijd,Tijdzone,Naam,Type,Status,Valuta,Bruto,Kosten,Net\n1,2,3,4,5,6,7,8,9,10\n"), 422,
			"This PayPal download is in Dutch, which vatkit cannot read: download the activity report in English or German. Nothing was stored."},
		{"legacy xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), 422,
			"This is an old .xls workbook: save it as .xlsx or CSV and upload that. Nothing was stored."},
		{"broken xlsx", append([]byte("PK\x03\x04"), make([]byte, 600)...), 422, msgBadXLSX},
		{"workbook unpacks too large", bomb.Bytes(), 413, msgXLSXTooLarge},
		{"too large", big, 413, "The file is larger than the 4 MiB this server takes: split it into smaller files (for example one per quarter). Nothing was stored."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, msg := c.uploadRaw(t, "sales.csv", tt.file)
			if status != tt.status {
				t.Errorf("status %d, want %d (%q)", status, tt.status, msg)
			}
			sellerSentence(t, msg, tt.want)
		})
	}
	var list struct{ Uploads []uploadItem }
	if got := c.json("GET", "/api/uploads", nil, &list); got != 200 || len(list.Uploads) != 0 {
		t.Errorf("after refused uploads the history holds %d (%d), want none", len(list.Uploads), got)
	}
	t.Run("no file part", func(t *testing.T) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("other", "x")
		mw.Close()
		resp, b := c.do("POST", "/api/uploads", mw.FormDataContentType(), buf.Bytes())
		if resp.StatusCode != 400 {
			t.Errorf("status %d, want 400", resp.StatusCode)
		}
		sellerSentence(t, errorOf(t, b), msgNoFile)
	})
	t.Run("undo unknown", func(t *testing.T) {
		c.answers(t, "DELETE", "/api/uploads/0123456789abcdef0123456789abcdef", 404, msgNoSuchUpload)
	})
}

// TestUploadStoreFailure: when the database fails the seller reads a
// sentence and the log keeps the detail.
func TestUploadStoreFailure(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "store-failure")
	e.srv.cfg.Store.(io.Closer).Close()
	data, _ := vtr(t, 50, 1)
	status, msg := c.uploadRaw(t, "vtr.txt", data)
	if status != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", status)
	}
	sellerSentence(t, msg, msgUploadFailed)
	if logs := e.logs.String(); !strings.Contains(logs, `"msg":"server: upload failed"`) || !strings.Contains(logs, "closed") {
		t.Errorf("the log lacks the store's error:\n%s", logs)
	}
}

func TestSessionMessages(t *testing.T) {
	e := newEnv(t, nil)
	anon := e.client(t)
	anon.answers(t, "GET", "/api/uploads", 401, msgNotLoggedIn)

	c := e.seller(t, "session-messages")
	c.noCSRF = true
	c.answers(t, "DELETE", "/api/uploads/0123456789abcdef0123456789abcdef", 403, msgStalePage)

	c.setCookie(sessionCookie, "ended-session-token")
	c.answers(t, "GET", "/api/uploads", 401, msgSessionEnded)
}

// checkOne checks numbers and returns the results.
func checkNumbers(t *testing.T, c *client, numbers ...string) []checkResult {
	t.Helper()
	var out struct{ Results []checkResult }
	if got := c.json("POST", "/api/vies/check", map[string]any{"numbers": numbers}, &out); got != http.StatusOK {
		t.Fatalf("check: %d", got)
	}
	if len(out.Results) != len(numbers) {
		t.Fatalf("check: %d results for %d numbers", len(out.Results), len(numbers))
	}
	return out.Results
}

func TestVIESMessages(t *testing.T) {
	e := newEnv(t, nil)
	e.vies.Set("DE113866164", viestest.Invalid())
	e.vies.FailCountry("AT", viestest.Fault("MS_UNAVAILABLE"))
	e.vies.FailCountry("FR", viestest.Fault("VAT_BLOCKED"))
	c := e.seller(t, "vies-messages")
	got := checkNumbers(t, c, "DE113866163", "DE113866164", "GB980780684", "ATU13585627", "XX12", "DE12", "FR40303265045")
	tests := []struct {
		status, reason, warning string
	}{
		{statusValid, "", ""},
		{statusInvalid, "VIES says this number is not valid.", "The check digits do not match the rule of Germany: check the number for a typing error. VIES has the last word."},
		{statusNotVIES, "UK (GB) numbers are not in VIES: check them with HMRC's VAT number service. Numbers for goods from Northern Ireland start with XI and are in VIES.", ""},
		{statusUnavailable, "VIES could not be asked now: this number could not be checked. Try again later.", ""},
		{statusInvalid, "This does not start with the code of a country that has VAT numbers (such as DE or FR).", ""},
		{statusInvalid, "This cannot be a VAT number of Germany: ", ""},
		{statusUnavailable, "VIES refuses to check this number: ask the tax office of France.", ""},
	}
	for i, tt := range tests {
		r := got[i]
		if r.Status != tt.status {
			t.Errorf("result %d: status %q, want %q (%+v)", i, r.Status, tt.status, r)
		}
		if strings.HasSuffix(tt.reason, ": ") {
			if !strings.HasPrefix(r.Reason, tt.reason) || !strings.HasSuffix(r.Reason, ".") || internals.MatchString(r.Reason) {
				t.Errorf("result %d: reason %q, want a sentence starting %q", i, r.Reason, tt.reason)
			}
		} else {
			sellerSentence(t, r.Reason, tt.reason)
		}
		sellerSentence(t, r.Warning, tt.warning)
	}
	if got[0].Date == "" {
		t.Errorf("a valid answer without its evidence: %+v", got[0])
	}
	if logs := e.logs.String(); !strings.Contains(logs, "MS_UNAVAILABLE") || strings.Contains(logs, "13585627") {
		t.Errorf("the log must keep VIES's fault and never the number:\n%s", logs)
	}
}

// TestVIESNetworkMessage: VIES out of reach is "try later" on the page,
// never the network error, which the log keeps.
func TestVIESNetworkMessage(t *testing.T) {
	e := newEnv(t, func(cfg *config) {
		cfg.VIES = &vies.Client{SOAPEndpoint: "http://127.0.0.1:1/checkVatService", MaxRetries: -1, Rate: rate.Inf}
	})
	c := e.seller(t, "vies-network")
	r := checkNumbers(t, c, "DE113866163")[0]
	if r.Status != statusUnavailable {
		t.Errorf("status %q, want unavailable", r.Status)
	}
	sellerSentence(t, r.Reason, "VIES could not be asked now: this number could not be checked. Try again later.")
	if logs := e.logs.String(); !strings.Contains(logs, "server: vies check failed") || !strings.Contains(logs, "vies: unavailable") {
		t.Errorf("the log lacks VIES's error:\n%s", logs)
	}
}

func TestSellerFactsMessages(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "facts-messages")
	c.answers(t, "GET", "/api/seller", 404, "You have not saved your seller facts yet.")
	tests := []struct{ body, want string }{
		{`{"established":"DE","oss_from":"1 July"}`, "Your seller facts were not saved: “Start of your OSS registration”: want a date such as 2021-07-01."},
		{`{"established":"GB"}`, "Your seller facts were not saved: “Country where your business is established”: want an EU member state code such as DE."},
		{`{"established":"DE","previous_year_eur":"lots"}`, "Your seller facts were not saved: “Last year's cross-border sales”: want an amount in euros such as \"12500.00\"."},
		{`{"established":"DE","vat_numbers":{"PL":"DE113866163"}}`, "Your seller facts were not saved: “Your VAT numbers”: the number for Poland has the wrong format."},
	}
	for _, tt := range tests {
		resp, b := c.do("PUT", "/api/seller", "application/json", []byte(tt.body))
		if resp.StatusCode != 400 {
			t.Errorf("%s: %d, want 400", tt.body, resp.StatusCode)
			continue
		}
		sellerSentence(t, errorOf(t, b), tt.want)
	}
}

func TestReportMessages(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "report-messages")
	status, msg := c.refused(map[string]string{"kind": "oss", "period": "2021-Q2", "home": "DE"})
	if status != 422 {
		t.Errorf("before the scheme: %d", status)
	}
	sellerSentence(t, msg, msgBeforeScheme)
	status, msg = c.refused(map[string]string{"kind": "oss", "period": "Q3", "home": "DE"})
	if status != 400 {
		t.Errorf("bad period: %d", status)
	}
	sellerSentence(t, msg, msgBadPeriod)
	status, msg = c.refused(map[string]string{"kind": "oss", "period": "2026-Q3", "home": "UK"})
	if status != 400 {
		t.Errorf("bad home: %d", status)
	}
	sellerSentence(t, msg, msgBadHome)
	if got := c.json("PUT", "/api/seller", map[string]string{"established": "FR"}, nil); got != 200 {
		t.Fatalf("put facts: %d", got)
	}
	status, msg = c.refused(map[string]string{"kind": "oss", "period": "2026-Q3", "home": "DE"})
	if status != 422 {
		t.Errorf("another home: %d", status)
	}
	sellerSentence(t, msg, msgOtherMSID)
	c.answers(t, "GET", "/api/reports/0123456789abcdef0123456789abcdef", 410, msgReportGone)
}

func TestLoginMessages(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client(t)
	cr := testCreds("login-messages")
	post := func(path string, body any) (int, string) {
		b, _ := json.Marshal(body)
		resp, out := c.do("POST", path, "application/json", b)
		return resp.StatusCode, errorOf(t, out)
	}
	status, msg := post("/api/enroll", map[string]string{"login": cr.Login, "password": "short"})
	if status != 422 {
		t.Errorf("short password: %d", status)
	}
	sellerSentence(t, msg, "This password cannot be used (shorter than 12 characters): choose a longer one that is not a common password or a pattern.")
	status, msg = post("/api/login", map[string]string{"login": cr.Login, "password": "not-the-password-of-anyone"})
	if status != 401 {
		t.Errorf("wrong password: %d", status)
	}
	sellerSentence(t, msg, msgWrongCredentials)
	status, msg = post("/api/login", map[string]string{"login": "", "password": ""})
	if status != 400 {
		t.Errorf("empty login: %d", status)
	}
	sellerSentence(t, msg, msgCredentialsMissing)
	for range 6 {
		status, msg = post("/api/login", map[string]string{"login": cr.Login, "password": "not-the-password-of-anyone"})
	}
	if status != 429 {
		t.Errorf("attempt after many wrong passwords: %d, want 429", status)
	}
	sellerSentence(t, msg, msgTooManyAttempts)
}

func TestRequestMessages(t *testing.T) {
	e := newEnv(t, nil)
	c := e.seller(t, "request-messages")
	tests := []struct {
		name, path, contentType string
		body                    []byte
		status                  int
		want                    string
	}{
		{"malformed JSON", "/api/vies/check", "application/json", []byte(`{"numbers":`), 400, msgBadRequest},
		{"two values", "/api/vies/check", "application/json", []byte(`{"numbers":["DE113866163"]} {}`), 400, msgBadRequest},
		{"not JSON", "/api/vies/check", "text/plain", []byte(`numbers`), 415, msgNotJSON},
		{"too large", "/api/vies/check", "application/json", append([]byte(`{"numbers":["`), bytes.Repeat([]byte("1"), maxJSON)...), 413, msgRequestTooLarge},
		{"no numbers", "/api/vies/check", "application/json", []byte(`{"numbers":[]}`), 400, "Give 1 to 100 VAT numbers, one per line."},
		{"unknown format", "/api/reports", "application/json", []byte(`{"kind":"oss","period":"2026-Q3","home":"DE","format":"pdf"}`), 400, msgBadFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, b := c.do("POST", tt.path, tt.contentType, tt.body)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			sellerSentence(t, errorOf(t, b), tt.want)
		})
	}
}
