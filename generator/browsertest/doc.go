// Package browsertest proves in a real browser what customers see. Its
// tests build the English and Japanese test sites and the demo, serve them
// over HTTP with the site's Content-Security-Policy and base path, and
// drive headless Chromium through every page type: no console error and
// no failed request, the script's behaviour at chosen times, axe-core
// accessibility checks in light and dark, print media, page weight and
// screenshots at phone and desktop widths. A separate test runs the Nu
// HTML Checker over every generated page.
//
// The package has no code outside its tests, so that the browser runs
// only when it is tested: go test ./generator/browsertest.
package browsertest
