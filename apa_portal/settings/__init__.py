"""Settings package: `base` holds what every environment shares; `development` (the default), `test` and
`production` adjust it. Every value that differs between deployments comes from the environment."""
