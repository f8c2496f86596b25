package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/vatkit/vatkit/ingest"
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

// browser starts a headless Chromium with a fresh profile that trusts the
// test server's certificate (by its public key) and nothing else
// unusual, and accepts the page's confirm() dialogs.
func browser(t *testing.T, e *env) context.Context {
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
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Skipf("Chromium at %s does not start: %v", exe, err)
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
// new folder under the system's temporary directory, and logs its path.
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

// TestBrowser drives the page in a real Chromium: enrol, upload a
// generated Amazon report (twice: the second time every row is a
// duplicate), check numbers against the fake VIES, build and download the
// OSS return and compare it with the one computed from the file directly,
// log out, log in, and delete the account.
func TestBrowser(t *testing.T) {
	e := newEnv(t, nil)
	ctx := browser(t, e)
	screenshotOnFailure(t, ctx)

	data, _ := vtr(t, 400, 3)
	file := filepath.Join(t.TempDir(), "vtr.txt")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	wantAccepted := acceptedRows(t, data)
	cr := testCreds("browser")

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v (status line: %q)", what, err, text(ctx, "status"))
		}
	}
	do("open the page", chromedp.Navigate(e.ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("login")))
	do("enrol",
		chromedp.SendKeys(chromedp.ID("login"), cr.Login),
		chromedp.SendKeys(chromedp.ID("password"), cr.Password),
		chromedp.Click(chromedp.ID("enroll-button")),
		chromedp.WaitVisible(chromedp.ID("upload-form")))

	do("upload", chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}),
		chromedp.Click(chromedp.ID("upload-button")),
		chromedp.WaitVisible(chromedp.ID("upload-summary")))
	if got := text(ctx, "accepted"); got != strconv.Itoa(wantAccepted) {
		t.Errorf("page shows %s rows accepted, want %d", got, wantAccepted)
	}
	do("upload again", chromedp.Click(chromedp.ID("upload-button")))
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("accepted").textContent === "0"`,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("second upload: %v (status line: %q)", err, text(ctx, "status"))
	}
	if got := text(ctx, "duplicates"); got != strconv.Itoa(wantAccepted) {
		t.Errorf("second upload: %s duplicates, want %d", got, wantAccepted)
	}

	do("check numbers", chromedp.SendKeys(chromedp.ID("numbers"), "DE113866163\nIT01404480202"),
		chromedp.Click(chromedp.ID("vies-button")),
		chromedp.WaitVisible(chromedp.ID("vies-results")))
	if got := text(ctx, "vies-results"); !strings.Contains(got, "DE113866163\tvalid") && !strings.Contains(got, "DE113866163 valid") ||
		!strings.Contains(got, "invalid") {
		t.Errorf("VIES table: %q, want DE113866163 valid and IT01404480202 invalid", got)
	}

	do("build and download the return", chromedp.Click(chromedp.ID("report-button")),
		chromedp.WaitVisible(chromedp.CSS("#report-link a")))
	want := strings.TrimSpace(string(expectedOSS(t, "DE", "2026-Q3", data)))
	if got := text(ctx, "report-output"); got != want {
		t.Errorf("the page shows the return\n%s\nwant the one computed from the file directly:\n%s", got, want)
	}

	do("log out", chromedp.Click(chromedp.ID("logout-button")), chromedp.WaitVisible(chromedp.ID("login-form")))
	do("log in", chromedp.SetValue(chromedp.ID("password"), cr.Password),
		chromedp.Click(chromedp.ID("login-button")), chromedp.WaitVisible(chromedp.ID("upload-form")))
	do("delete the account", chromedp.Click(chromedp.ID("erase-button")),
		chromedp.WaitVisible(chromedp.ID("login-form")))
	if got := text(ctx, "status"); got != "Account deleted." {
		t.Errorf("status after erase: %q", got)
	}
	c := e.client(t)
	if got := c.json("POST", "/api/login", cr.body(), nil); got != 401 {
		t.Errorf("login after the page deleted the account: %d, want 401", got)
	}
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
