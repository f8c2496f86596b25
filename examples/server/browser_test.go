package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/vatkit/vatkit/ingest"
	"github.com/vatkit/vatkit/report"
	"github.com/vatkit/vatkit/vat"
	"github.com/vatkit/vatkit/vies/viestest"
)

// chromium returns the path of a Chromium or Chrome binary, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

// axeScript is where `npm ci --prefix testdata/axe` puts axe-core (the
// version pinned in testdata/axe/package-lock.json).
const axeScript = "testdata/axe/node_modules/axe-core/axe.min.js"

// axeSource returns axe-core's script, or skips the test without it.
func axeSource(t *testing.T) string {
	b, err := os.ReadFile(axeScript)
	if err != nil {
		t.Skipf("axe-core is not installed (npm ci --prefix examples/server/testdata/axe); the browser test audits the page with it: %v", err)
	}
	return string(b)
}

// browser starts a headless Chromium with a fresh profile that trusts the
// test server's certificate (by its public key) and nothing else
// unusual, accepts the page's confirm() dialogs and saves downloads in
// downloads.
func browser(t *testing.T, e *env, downloads string) context.Context {
	exe := chromium()
	if exe == "" {
		t.Skip("no Chromium found (Debian: apt-get install chromium); the browser test needs one")
	}
	spki := sha256.Sum256(e.ts.Certificate().RawSubjectPublicKeyInfo)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("ignore-certificate-errors-spki-list", base64.StdEncoding.EncodeToString(spki[:])),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 1600),
	)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Skipf("Chromium at %s does not start: %v", exe, err)
	}
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatalf("download folder: %v", err)
	}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return ctx
}

// screenshotOnFailure saves the page as it was when the test failed, in a
// new folder under the system's temporary directory (never in the
// repository), and logs its path.
func screenshotOnFailure(t *testing.T, ctx context.Context) {
	t.Cleanup(func() {
		if !t.Failed() || ctx.Err() != nil {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 gives a PNG
		if err != nil {
			t.Logf("no screenshot: %v", err)
			return
		}
		// Not t.TempDir: it is removed when the test ends, and the
		// screenshot is there to be looked at afterwards.
		dir, err := os.MkdirTemp("", "vatkit-browser-failure-")
		if err != nil {
			t.Logf("no screenshot: %v", err)
			return
		}
		path := filepath.Join(dir, t.Name()+".png")
		if err := os.WriteFile(path, png, 0o600); err == nil {
			t.Logf("screenshot of the page at the failure: %s", path)
		}
	})
}

// page is the browser test's handle on the page.
type pageT struct {
	t   *testing.T
	e   *env
	ctx context.Context
	axe string
}

// do runs steps and stops the test if one fails.
func (p *pageT) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v (status line: %q)", what, err, text(p.ctx, "status"))
	}
}

// until waits for the JavaScript expression cond to hold.
func (p *pageT) until(what, cond string, timeout time.Duration) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(timeout),
		chromedp.WithPollingInterval(10*time.Millisecond))); err != nil {
		p.t.Fatalf("%s: %v (status line: %q)", what, err, text(p.ctx, "status"))
	}
}

// eval returns the value of a JavaScript expression.
func eval[T any](p *pageT, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		p.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// violation is one finding of axe-core.
type violation struct {
	ID, Impact, Help string
	Nodes            []string
}

// audit runs axe-core on the page as it is and fails the test on every
// serious or critical violation.
func (p *pageT) audit(what string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](p.axe+";true")); err != nil {
		p.t.Fatalf("injecting axe-core: %v", err)
	}
	found, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]violation](`axe.run(document, {resultTypes: ["violations"]}).then((r) =>
		r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) =>
			({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" "))})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("axe-core on %s: %v", what, err)
	}
	for _, v := range found {
		p.t.Errorf("accessibility (%s): %s %s: %s at %v", what, v.Impact, v.ID, v.Help, v.Nodes)
	}
}

// withRejectedRow appends to a VAT Transactions Report a copy of its last
// row without a transaction type, which the reader rejects.
func withRejectedRow(t *testing.T, data []byte) ([]byte, int) {
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	head := strings.Split(lines[0], "\t")
	col := -1
	for i, h := range head {
		if h == "TRANSACTION_TYPE" {
			col = i
		}
	}
	last := strings.Split(lines[len(lines)-1], "\t")
	if col < 0 || col >= len(last) {
		t.Fatal("the generated report has no TRANSACTION_TYPE column")
	}
	last[col] = ""
	return append(bytes.Clone(data), []byte(strings.Join(last, "\t")+"\n")...), len(lines) + 1
}

// TestBrowser walks the page in a real Chromium as a seller would: enrol;
// upload a file that is not a sales report (a sentence, no Go error), then
// a generated Amazon report with a rejected row, following the progress
// with the button disabled; upload it again (every row a duplicate) and
// undo that; save the seller facts (one refused with a sentence first);
// check VAT numbers of every status; build the return and compare its
// table, chart and review list with the return computed from the file
// directly, see that nothing spills past a phone's width, download it as
// JSON, CSV, BZSt and XLSX; ask for the import scheme's return without an
// IOSS number and for a quarter before the scheme (the old return goes, a
// sentence comes); log out, log in and
// delete the account. axe-core audits the page at the start and with
// every result shown.
func TestBrowser(t *testing.T) {
	requester, err := vat.ParseNumber("DE136308783") // the checking business: VIES then gives a consultation number
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, func(cfg *config) { cfg.MaxUpload = 64 << 20; cfg.VIES.Requester = requester })
	axe := axeSource(t)
	downloads := t.TempDir()
	ctx := browser(t, e, downloads)
	screenshotOnFailure(t, ctx)
	p := &pageT{t: t, e: e, ctx: ctx, axe: axe}

	gen, _ := vtr(t, 12000, 3)
	data, badLine := withRejectedRow(t, gen)
	dir := t.TempDir()
	file := filepath.Join(dir, "vtr.txt")
	notSales := filepath.Join(dir, "contacts.csv")
	for name, b := range map[string][]byte{file: data, notSales: []byte("name,phone\nPlum,12345\n")} {
		if err := os.WriteFile(name, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	wantAccepted := acceptedRows(t, data)
	cr := testCreds("browser")

	p.do("open the page", chromedp.Navigate(e.ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("login")))
	p.audit("the login form")
	p.do("enrol",
		chromedp.SendKeys(chromedp.ID("login"), cr.Login),
		chromedp.SendKeys(chromedp.ID("password"), cr.Password),
		chromedp.Click(chromedp.ID("enroll-button")),
		chromedp.WaitVisible(chromedp.ID("upload-form")))
	p.until("the empty history and facts", `document.getElementById("facts-msg").textContent !== ""`, 10*time.Second)
	if got := text(ctx, "facts-msg"); got != "You have not saved your seller facts yet." {
		t.Errorf("facts before any were saved: %q", got)
	}

	walkUpload(p, file, notSales, data, wantAccepted, badLine)
	walkFacts(p)
	walkVIES(p)
	walkReturn(p, data, downloads)

	p.do("log out", chromedp.Click(chromedp.ID("logout-button")), chromedp.WaitVisible(chromedp.ID("login-form")))
	p.do("log in", chromedp.SetValue(chromedp.ID("password"), cr.Password),
		chromedp.Click(chromedp.ID("login-button")), chromedp.WaitVisible(chromedp.ID("upload-form")))
	p.until("the history after logging in again", `document.querySelectorAll("#history tbody tr").length === 1`, 10*time.Second)
	if eval[bool](p, `!document.getElementById("report-result").hidden || !document.getElementById("vies-results").hidden`) {
		t.Error("results of the previous session are still shown after logging in again")
	}
	p.do("delete the account", chromedp.Click(chromedp.ID("erase-button")))
	p.until("the account deleted", `document.getElementById("status").textContent === "Account deleted." &&
		!document.getElementById("login-form").hidden`, 20*time.Second)
	c := e.client(t)
	if got := c.json("POST", "/api/login", cr.body(), nil); got != 401 {
		t.Errorf("login after the page deleted the account: %d, want 401", got)
	}
}

func walkUpload(p *pageT, file, notSales string, data []byte, wantAccepted, badLine int) {
	t := p.t
	p.do("upload a file that is no sales report", chromedp.SetUploadFiles(chromedp.ID("file"), []string{notSales}),
		chromedp.Click(chromedp.ID("upload-button")))
	p.until("the refusal", `document.getElementById("upload-msg").classList.contains("error")`, 20*time.Second)
	if got := text(p.ctx, "upload-msg"); got != msgUnknownFormat {
		t.Errorf("unknown file: the page says %q, want %q", got, msgUnknownFormat)
	}

	p.do("upload", chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}), chromedp.Click(chromedp.ID("upload-button")))
	if text(p.ctx, "upload-msg") != "" {
		t.Error("the refusal of the previous upload is still shown while the next runs")
	}
	p.until("bytes sent, the button disabled", `document.getElementById("upload-button").disabled &&
		/MB of/.test(document.getElementById("upload-progress-text").textContent)`, 20*time.Second)
	p.until("rows stored, the button disabled", `document.getElementById("upload-button").disabled &&
		/rows read, [0-9,]+ stored/.test(document.getElementById("upload-progress-text").textContent)`, time.Minute)
	p.until("the upload's result", `!document.getElementById("upload-result").hidden`, 2*time.Minute)
	if eval[bool](p, `document.getElementById("upload-button").disabled`) {
		t.Error("the upload button stays disabled after the upload")
	}
	if got := text(p.ctx, "accepted"); got != strconv.Itoa(wantAccepted) {
		t.Errorf("page shows %s rows stored, want %d", got, wantAccepted)
	}
	rejected := eval[[]string](p, `Array.from(document.querySelectorAll("#rejected tbody td"), (td) => td.textContent)`)
	if len(rejected) != 4 || rejected[0] != "vtr.txt" || rejected[1] != strconv.Itoa(badLine) ||
		rejected[2] != "TRANSACTION_TYPE" || rejected[3] == "" {
		t.Errorf("rejected rows: %q, want vtr.txt, line %d, TRANSACTION_TYPE and a reason", rejected, badLine)
	}

	p.do("upload again", chromedp.Click(chromedp.ID("upload-button")))
	p.until("second upload", `document.getElementById("accepted").textContent === "0"`, 2*time.Minute)
	if got := text(p.ctx, "duplicates"); got != strconv.Itoa(wantAccepted) {
		t.Errorf("second upload: %s duplicates, want %d", got, wantAccepted)
	}
	p.until("two uploads in the history", `document.querySelectorAll("#history tbody tr").length === 2`, 10*time.Second)
	first := eval[[]string](p, `Array.from(document.querySelectorAll("#history tbody tr:last-child td"), (td) => td.textContent)`)
	if len(first) != 7 || first[3] != strconv.Itoa(wantAccepted) || first[1] != "Amazon VAT Transactions Report" {
		t.Errorf("history row of the first upload: %q", first)
	}
	p.do("undo the second upload", chromedp.Click(chromedp.CSS("#history tbody tr:first-child button")))
	p.until("one upload left", `document.querySelectorAll("#history tbody tr").length === 1`, 10*time.Second)
	if got := text(p.ctx, "history-msg"); got != "Upload undone: its 0 rows were removed." {
		t.Errorf("after undo: %q", got)
	}
}

func walkFacts(p *pageT) {
	t := p.t
	p.do("facts with a wrong VAT number", chromedp.SetValue(chromedp.ID("established"), "DE"),
		chromedp.SendKeys(chromedp.ID("vat-numbers"), "PL123"), chromedp.Click(chromedp.ID("facts-button")))
	p.until("the refusal", `document.getElementById("facts-msg").classList.contains("error")`, 10*time.Second)
	if got, want := text(p.ctx, "facts-msg"), "Your seller facts were not saved: “Your VAT numbers”: the number for Poland has the wrong format."; got != want {
		t.Errorf("refused facts: %q, want %q", got, want)
	}
	eval[bool](p, `(document.getElementById("vat-numbers").value = "", true)`)
	p.do("save the facts", chromedp.Click(chromedp.ID("facts-button")))
	p.until("saved", `/are saved/.test(document.getElementById("facts-msg").textContent)`, 10*time.Second)
	if n := eval[int](p, `document.querySelectorAll("#facts-form .why").length`); n < 8 {
		t.Errorf("%d facts say why they matter, want every one", n)
	}
}

func walkVIES(p *pageT) {
	t := p.t
	p.e.vies.Set("DE113866164", viestest.Invalid())
	numbers := "DE113866163\nIT01404480202\nGB980780684\nATU13585627\nDE113866164"
	p.do("check numbers", chromedp.SendKeys(chromedp.ID("numbers"), numbers),
		chromedp.Click(chromedp.ID("vies-button")), chromedp.WaitVisible(chromedp.ID("vies-results")))
	rows := eval[[][]string](p, `Array.from(document.querySelectorAll("#vies-results tbody tr"), (tr) => Array.from(tr.cells, (td) => td.textContent))`)
	want := []struct{ number, status, evidence, note string }{
		{"DE113866163", "Valid", "Checked on ", ""},
		{"IT01404480202", "Not valid", "Checked on ", "VIES says this number is not valid."},
		{"GB980780684", "Not a VIES number", "—", "HMRC"},
		{"ATU13585627", "Could not be checked now: try later", "—", "Try again later."},
		{"DE113866164", "Not valid", "Checked on ", "VIES says this number is not valid.The check digits do not match the rule of Germany"},
	}
	if len(rows) != len(want) {
		t.Fatalf("VIES table: %q", rows)
	}
	for i, w := range want {
		r := rows[i]
		if r[0] != w.number || r[1] != w.status || !strings.HasPrefix(r[2], w.evidence) || !strings.Contains(r[3], w.note) {
			t.Errorf("VIES row %d: %q, want %+v", i, r, w)
		}
	}
	if !strings.Contains(rows[0][2], "consultation number WAPI") || !strings.Contains(rows[0][2], "Kept as evidence") {
		t.Errorf("a valid answer without its evidence: %q", rows[0])
	}
	if eval[bool](p, `(() => { const t = document.getElementById("vies-results"), m = document.querySelector("main");
		return t.getBoundingClientRect().right > m.getBoundingClientRect().right + 1 || t.scrollWidth > t.clientWidth + 1; })()`) {
		t.Error("the VIES table spills past the page")
	}
}

func walkReturn(p *pageT, data []byte, downloads string) {
	t := p.t
	p.do("build the return", chromedp.Click(chromedp.ID("report-button")))
	p.until("the return's progress", `!document.getElementById("report-running").hidden && document.getElementById("report-button").disabled`, 10*time.Second)
	p.until("the return", `!document.getElementById("report-result").hidden`, 2*time.Minute)
	ret := expectedReturn(t, "DE", "2026-Q3", data)
	var want struct {
		Due      string `json:"due"`
		TotalVAT string `json:"total_vat"`
		Lines    []struct {
			Country   string `json:"country"`
			VATAmount string `json:"vat_amount"`
		} `json:"lines"`
		NeedsReview []json.RawMessage `json:"needs_review"`
	}
	var jb bytes.Buffer
	if err := report.WriteJSON(&jb, ret); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(jb.Bytes(), &want); err != nil {
		t.Fatal(err)
	}
	if len(want.Lines) == 0 {
		t.Fatal("the expected return has no lines; the test data changed")
	}
	facts := text(p.ctx, "report-facts")
	if !strings.Contains(facts, want.Due) || !strings.Contains(facts, money(want.TotalVAT)) {
		t.Errorf("the return's facts %q lack the due date %s or the total %s", facts, want.Due, want.TotalVAT)
	}
	cells := eval[[][]string](p, `Array.from(document.querySelectorAll("#return-lines tbody tr"), (tr) => Array.from(tr.cells, (td) => td.textContent)).filter((r) => r.length === 5)`)
	if len(cells) != len(want.Lines) {
		t.Errorf("%d lines on the page, want %d", len(cells), len(want.Lines))
	}
	for i := range min(len(cells), len(want.Lines)) {
		if cells[i][0] != want.Lines[i].Country || cells[i][4] != money(want.Lines[i].VATAmount) {
			t.Errorf("line %d: %q, want %s %s", i, cells[i], want.Lines[i].Country, want.Lines[i].VATAmount)
		}
	}
	if got := eval[string](p, `document.querySelector("#return-lines tfoot td").textContent`); got != money(want.TotalVAT) {
		t.Errorf("total on the page %q, want %s", got, want.TotalVAT)
	}
	countries := map[string]bool{}
	for _, l := range want.Lines {
		countries[l.Country] = true
	}
	if n := eval[int](p, `document.querySelectorAll("#report-chart svg rect.bar").length`); n != len(countries) {
		t.Errorf("the chart has %d bars, want one for each of %d countries", n, len(countries))
	}
	if n := eval[int](p, `document.querySelectorAll("#review-list tbody tr").length`); n != len(want.NeedsReview) {
		t.Errorf("review list: %d rows, want %d", n, len(want.NeedsReview))
	}
	if bad := eval[[]string](p, `Array.from(document.querySelectorAll("#review-list tbody tr"), (tr) => Array.from(tr.cells, (td) => td.textContent))
		.filter((r) => r[1] !== "—" && (r[0] !== "Amazon VAT Transactions Report" || !/^[0-9]+$/.test(r[1]) || r[2] === "")).map((r) => r.join(" | "))`); len(bad) > 0 {
		t.Errorf("review rows without their file, line or reason: %q", bad)
	}
	p.audit("the page with every result shown")
	p.do("a phone's width", chromedp.EmulateViewport(400, 900))
	if w := eval[int](p, `document.documentElement.scrollWidth`); w > 400 {
		t.Errorf("at 400 px the page is %d px wide: something spills past it", w)
	}
	p.do("back to a desktop's width", chromedp.EmulateReset())

	var wantCSV, wantJSON, wantBZSt bytes.Buffer
	report.WriteCSV(&wantCSV, ret)
	report.WriteJSON(&wantJSON, ret)
	report.WriteBZSt(&wantBZSt, ret)
	for _, d := range []struct {
		format, name string
		want         []byte
	}{
		{"json", "oss-DE-2026-Q3.json", wantJSON.Bytes()}, {"csv", "oss-DE-2026-Q3.csv", wantCSV.Bytes()},
		{"bzst", "oss-DE-2026-Q3-bzst.csv", wantBZSt.Bytes()}, {"xlsx", "oss-DE-2026-Q3.xlsx", nil},
	} {
		p.do("download "+d.format, chromedp.Click(chromedp.CSS(`#downloads button[data-format="`+d.format+`"]`)))
		got := waitFile(t, filepath.Join(downloads, d.name))
		switch d.format {
		case "json", "csv", "bzst":
			if !bytes.Equal(got, d.want) {
				t.Errorf("downloaded %s\n%s\nwant\n%s", d.format, got, d.want)
			}
		case "xlsx":
			if !bytes.HasPrefix(got, []byte("PK\x03\x04")) {
				t.Errorf("downloaded XLSX is not a workbook: % x", got[:min(len(got), 8)])
			}
		}
	}

	p.do("the import scheme without an IOSS number", chromedp.SetValue(chromedp.ID("kind"), "ioss"),
		chromedp.SetValue(chromedp.ID("period"), "2026-07"), chromedp.Click(chromedp.ID("report-button")))
	p.until("the refusal", `document.getElementById("report-msg").classList.contains("error")`, 20*time.Second)
	if got := text(p.ctx, "report-msg"); got != msgNoIOSS {
		t.Errorf("import scheme without an IOSS number: %q, want %q", got, msgNoIOSS)
	}
	p.do("a quarter before the scheme", chromedp.SetValue(chromedp.ID("kind"), "oss"),
		chromedp.SetValue(chromedp.ID("period"), "2021-Q2"), chromedp.Click(chromedp.ID("report-button")))
	p.until("the refusal", `document.getElementById("report-msg").classList.contains("error")`, 20*time.Second)
	if got := text(p.ctx, "report-msg"); got != msgBeforeScheme {
		t.Errorf("before the scheme: %q, want %q", got, msgBeforeScheme)
	}
	if !eval[bool](p, `document.getElementById("report-result").hidden`) {
		t.Error("the previous return is still shown beside the refusal")
	}
}

// money writes a decimal string as the page does: thousands separated by
// commas, a minus sign for a negative amount.
func money(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if hasFrac {
		out += "." + frac
	}
	if neg {
		out = "−" + out
	}
	return out
}

// waitFile waits for a download to be complete and returns its bytes.
func waitFile(t *testing.T, path string) []byte {
	t.Helper()
	for range 600 {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return b
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no download %s", filepath.Base(path))
	return nil
}

// text returns an element's text, or "" when it cannot be read.
func text(ctx context.Context, id string) string {
	s, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID(id), chromedp.NodeReady))
	return strings.TrimSpace(s)
}

// acceptedRows counts what ingest accepts of data, read directly.
func acceptedRows(t *testing.T, data []byte) int {
	rd, err := ingest.Open(bytes.NewReader(data), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range rd.All() {
	}
	return rd.Summary().Accepted
}
