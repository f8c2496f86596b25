package amazontest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// token is LWA's POST /auth/o2/token with grant_type=refresh_token.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.TokenCalls++
	if r.ParseForm() != nil || r.PostForm.Get("grant_type") != "refresh_token" {
		writeJSON(w, 400, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	if r.PostForm.Get("client_id") != s.cfg.ClientID || r.PostForm.Get("client_secret") != s.cfg.ClientSecret {
		writeJSON(w, 401, map[string]string{"error": "invalid_client", "error_description": "Client authentication failed"})
		return
	}
	if s.revoked || r.PostForm.Get("refresh_token") != s.cfg.RefreshToken {
		writeJSON(w, 400, map[string]string{"error": "invalid_grant", "error_description": "The request has an invalid grant parameter : refresh_token"})
		return
	}
	tok := "Atza|" + newID()
	s.access[tok] = time.Now().Add(s.cfg.TokenTTL)
	writeJSON(w, 200, map[string]any{"access_token": tok, "token_type": "bearer",
		"expires_in": int(s.cfg.TokenTTL / time.Second), "refresh_token": r.PostForm.Get("refresh_token")})
}

// api checks the access token (or, for getReportDocument, the restricted
// data token for exactly that path) and throttles, then calls h.
func (s *Server) api(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if n := s.calls.Add(1); s.cfg.ThrottleEvery > 0 && n%int64(s.cfg.ThrottleEvery) == 0 {
			s.mu.Lock()
			s.stats.Throttled++
			s.mu.Unlock()
			apiError(w, 429, "QuotaExceeded", "You exceeded your quota for the requested resource.")
			return
		}
		if !s.authorised(r) {
			apiError(w, 403, "Unauthorized", "Access to requested resource is denied.")
			return
		}
		h(w, r)
	}
}

func (s *Server) authorised(r *http.Request) bool {
	tok := r.Header.Get("x-amz-access-token")
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Pattern == "GET /reports/2021-06-30/documents/{id}" {
		ok := s.rdts[tok] == r.URL.Path
		if !ok {
			s.stats.Refused++
		}
		return ok
	}
	exp, ok := s.access[tok]
	if !ok || time.Now().After(exp) {
		s.stats.Refused++
		return false
	}
	return true
}

func (s *Server) createReport(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ReportType     string   `json:"reportType"`
		MarketplaceIDs []string `json:"marketplaceIds"`
		DataStartTime  string   `json:"dataStartTime"`
		DataEndTime    string   `json:"dataEndTime"`
	}
	if json.NewDecoder(r.Body).Decode(&in) != nil || in.ReportType == "" || len(in.MarketplaceIDs) == 0 {
		apiError(w, 400, "InvalidInput", "reportType and marketplaceIds are required")
		return
	}
	for _, t := range []string{in.DataStartTime, in.DataEndTime} {
		if _, err := time.Parse(time.RFC3339, t); t != "" && err != nil {
			apiError(w, 400, "InvalidInput", "dataStartTime and dataEndTime are ISO 8601 date-times")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Creates++
	id := strconv.Itoa(50000 + len(s.reports))
	s.reports[id] = max(0, s.cfg.Polls)
	writeJSON(w, 202, map[string]string{"reportId": id})
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Polls++
	left, ok := s.reports[id]
	if !ok {
		apiError(w, 404, "NotFound", "report not found")
		return
	}
	out := map[string]string{"reportId": id, "reportType": "GET_VAT_TRANSACTION_DATA"}
	switch {
	case left > 1:
		out["processingStatus"] = "IN_QUEUE"
	case left == 1:
		out["processingStatus"] = "IN_PROGRESS"
	case s.cfg.Final == "":
		out["processingStatus"] = "DONE"
		out["reportDocumentId"] = "amzn1.spdoc.1.4." + id
	default:
		out["processingStatus"] = s.cfg.Final
	}
	s.reports[id] = max(0, left-1)
	writeJSON(w, 200, out)
}

func (s *Server) restrictedToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		RestrictedResources []struct {
			Method string `json:"method"`
			Path   string `json:"path"`
		} `json:"restrictedResources"`
	}
	if json.NewDecoder(r.Body).Decode(&in) != nil || len(in.RestrictedResources) != 1 || in.RestrictedResources[0].Method != "GET" {
		apiError(w, 400, "InvalidInput", "one GET restricted resource expected")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.RDTs++
	tok := "Atz.sprdt|" + newID()
	s.rdts[tok] = in.RestrictedResources[0].Path
	writeJSON(w, 200, map[string]any{"restrictedDataToken": tok, "expiresIn": 3600})
}

func (s *Server) getDocument(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Documents++
	key := newID()
	// Amazon's URLs are pre-signed and expire after five minutes.
	s.urls[key] = time.Now().Add(5 * time.Minute)
	out := map[string]string{"reportDocumentId": r.PathValue("id"),
		"url": s.srv.URL + "/storage/" + r.PathValue("id") + "?X-Amz-Signature=" + key}
	if !s.cfg.Plain {
		out["compressionAlgorithm"] = "GZIP"
	}
	writeJSON(w, 200, out)
}

func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	exp, ok := s.urls[r.URL.Query().Get("X-Amz-Signature")]
	s.stats.Downloads++
	s.mu.Unlock()
	if status := s.cfg.DocumentStatus; status != 0 || !ok || time.Now().After(exp) {
		if status == 0 {
			status = 403
		}
		w.WriteHeader(status)
		w.Write([]byte("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"))
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(s.doc)))
	w.WriteHeader(200)
	if s.cfg.CutAfter > 0 && s.cfg.CutAfter < len(s.doc) {
		// Fewer bytes than Content-Length: the server closes the
		// connection and the client sees it cut.
		w.Write(s.doc[:s.cfg.CutAfter])
		return
	}
	w.Write(s.doc)
}
