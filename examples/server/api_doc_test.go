package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAPIDocumented keeps API.md and the routes together: every route the
// server registers under /api/ (and the page) has a section in API.md, and
// every section names a registered route.
func TestAPIDocumented(t *testing.T) {
	doc, err := os.ReadFile("API.md")
	require.NoError(t, err)
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^### `([A-Z]+ /[^`]*)`$").FindAllSubmatch(doc, -1) {
		documented = append(documented, string(m[1]))
	}
	registered := registeredRoutes(t)
	require.NotEmpty(t, registered, "no routes found in the package's source")
	for _, r := range registered {
		if r != "GET /" && !strings.Contains(r, " /api/") {
			continue // the page's script and style sheet
		}
		assert.Contains(t, documented, r, "route %s has no section in API.md", r)
	}
	for _, d := range documented {
		assert.True(t, slices.Contains(registered, d), "API.md documents %s, which the server does not route", d)
	}
}

// registeredRoutes returns the patterns passed as string literals to
// mux.Handle and mux.HandleFunc in the package's non-test files, with
// "{$}" dropped ("GET /{$}" is "GET /").
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var routes []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc" {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				p, err := strconv.Unquote(lit.Value)
				require.NoError(t, err)
				routes = append(routes, strings.TrimSuffix(p, "{$}"))
			}
			return true
		})
	}
	return routes
}
