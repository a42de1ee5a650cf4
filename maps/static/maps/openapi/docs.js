/* global SwaggerUIBundle */
// The API docs page: Swagger UI on our own OpenAPI document. Everything comes from this platform: no
// validator badge (it would call an outside service).
'use strict';
window.addEventListener('load', function() {
    window.ui = SwaggerUIBundle({
        url: JSON.parse(document.getElementById('openapi-url').textContent),
        dom_id: '#swagger-ui',
        validatorUrl: null,
        deepLinking: true
    });
});
