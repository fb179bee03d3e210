module github.com/gongkai/gongkai

go 1.26.8

require (
	github.com/yuin/goldmark v1.8.7
	golang.org/x/sys v0.50.0
	gopkg.in/yaml.v3 v3.0.1
)
