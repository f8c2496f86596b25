// Package checkvat holds the SOAP types and port that gowsdl v0.5.0
// generates from the Commission's checkVatService.wsdl. checkvat.go is
// generated (see ../../generate.go) and never edited; the faults of the
// generated client are corrected by its one user, package vies.
package checkvat
