//go:build race

package main

// raceDetector is true when the tests run with -race: the load test then
// runs fewer sellers, since its figures mean nothing under the detector.
const raceDetector = true
