package viestest

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"time"
)

// Namespaces of the SOAP 1.1 envelope and of checkVatService's types (WSDL
// targetNamespace + ":types", elementFormDefault="qualified").
const (
	envNS   = "http://schemas.xmlsoap.org/soap/envelope/"
	typesNS = "urn:ec.europa.eu:taxud:vies:services:checkVat:types"
)

// maxRequest bounds request bodies; a real one is under 1 KiB.
const maxRequest = 64 << 10

type soapRequest struct {
	XMLName xml.Name `xml:"http://schemas.xmlsoap.org/soap/envelope/ Envelope"`
	Body    struct {
		Check  *soapCheck `xml:"urn:ec.europa.eu:taxud:vies:services:checkVat:types checkVat"`
		Approx *soapCheck `xml:"urn:ec.europa.eu:taxud:vies:services:checkVat:types checkVatApprox"`
	} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Body"`
}

type soapCheck struct {
	CountryCode          string `xml:"urn:ec.europa.eu:taxud:vies:services:checkVat:types countryCode"`
	VatNumber            string `xml:"urn:ec.europa.eu:taxud:vies:services:checkVat:types vatNumber"`
	RequesterCountryCode string `xml:"urn:ec.europa.eu:taxud:vies:services:checkVat:types requesterCountryCode"`
	RequesterVatNumber   string `xml:"urn:ec.europa.eu:taxud:vies:services:checkVat:types requesterVatNumber"`
}

// serveSOAP answers checkVat and checkVatApprox as VIES has since 2022:
// env:/ns2: prefixes, faults with HTTP 200 unless told otherwise, a
// Content-Type of text/xml required, and any SOAPAction other than an empty
// one refused (VIES since 2021-10-28; taxjar/vat_check PR #7).
func (s *Server) serveSOAP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/xml") {
		writeSOAPFault(w, http.StatusInternalServerError, "env:Client", "Unsupported Content-Type")
		return
	}
	if action := r.Header.Get("SOAPAction"); action != "" && action != `""` {
		writeSOAPFault(w, http.StatusInternalServerError, "env:Client",
			"The given SOAPAction "+action+" does not match an operation.")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequest))
	var req soapRequest
	if err == nil {
		err = xml.Unmarshal(body, &req)
	}
	call := req.Body.Check
	if call == nil {
		call = req.Body.Approx
	}
	if err != nil || call == nil {
		writeSOAPFault(w, http.StatusInternalServerError, "env:Client", "Unmarshalling Error")
		return
	}
	c := checked{call.CountryCode, call.VatNumber, call.RequesterCountryCode, call.RequesterVatNumber}
	a, ok := s.answerFor(r, "soap", body, c)
	switch {
	case !ok:
		return
	case a.Malformed:
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		w.Write([]byte("<env:Envelope xmlns:env=\"" + envNS + "\"><env:Body><ns2:checkVatResp"))
	case a.Fault != "":
		writeSOAPFault(w, a.FaultStatus, "env:Server", a.Fault)
	default:
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		writeSlow(r.Context(), w, a, s.soapAnswer(c, a, req.Body.Approx != nil))
	}
}

// soapAnswer renders checkVatResponse or checkVatApproxResponse in the
// element order of the WSDL's sequences.
func (s *Server) soapAnswer(c checked, a Answer, approx bool) []byte {
	var b bytes.Buffer
	op := "checkVatResponse"
	if approx {
		op = "checkVatApproxResponse"
	}
	b.WriteString(`<env:Envelope xmlns:env="` + envNS + `"><env:Header/><env:Body>`)
	b.WriteString(`<ns2:` + op + ` xmlns:ns2="` + typesNS + `">`)
	element(&b, "countryCode", c.countryCode)
	element(&b, "vatNumber", c.vatNumber)
	element(&b, "requestDate", time.Now().In(brussels).Format("2006-01-02-07:00"))
	element(&b, "valid", map[bool]string{true: "true", false: "false"}[a.Valid])
	if approx {
		element(&b, "traderName", orUndisclosed(a.Name))
		element(&b, "traderAddress", orUndisclosed(a.Address))
		if c.requesterCountry != "" {
			element(&b, "requestIdentifier", s.consultation(a))
		} else {
			element(&b, "requestIdentifier", "")
		}
	} else {
		element(&b, "name", orUndisclosed(a.Name))
		element(&b, "address", orUndisclosed(a.Address))
	}
	b.WriteString(`</ns2:` + op + `></env:Body></env:Envelope>`)
	return b.Bytes()
}

// brussels stands in for the Commission's zone: VIES dates carry a
// +01:00/+02:00 offset; a fixed +01:00 keeps the fake free of tzdata.
var brussels = time.FixedZone("CET", 3600)

func element(b *bytes.Buffer, name, text string) {
	b.WriteString("<ns2:" + name + ">")
	xml.EscapeText(b, []byte(text))
	b.WriteString("</ns2:" + name + ">")
}

// writeSOAPFault writes a fault as VIES does: faultcode env:Server (or
// env:Client), faultstring the code. Status 0 means 200.
func writeSOAPFault(w http.ResponseWriter, status int, code, text string) {
	if status == 0 {
		status = http.StatusOK
	}
	var b bytes.Buffer
	b.WriteString(`<env:Envelope xmlns:env="` + envNS + `"><env:Header/><env:Body><env:Fault><faultcode>`)
	xml.EscapeText(&b, []byte(code))
	b.WriteString(`</faultcode><faultstring>`)
	xml.EscapeText(&b, []byte(text))
	b.WriteString(`</faultstring></env:Fault></env:Body></env:Envelope>`)
	w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
