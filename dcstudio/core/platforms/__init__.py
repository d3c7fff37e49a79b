"""The platforms the studio builds ads for: each brings its exporters and its publishing."""
