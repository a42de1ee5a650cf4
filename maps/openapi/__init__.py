"""The OpenAPI 3.0 description of the platform's HTTP API and its locally served Swagger UI."""
