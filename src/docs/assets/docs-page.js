// Boots Swagger UI on an API page. The decorated spec is embedded in the page (no fetch), so the
// page also works when exported and opened from disk. Nothing here may reach beyond the page's
// own origin and the mocks: the online validator badge is off, and no URL/config is read from
// the query string.
(function bootDocsPage() {
  var embedded = document.getElementById('openapi-document');
  var spec = JSON.parse(embedded.textContent);
  window.ui = SwaggerUIBundle({
    spec: spec,
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
    queryConfigEnabled: false,
    deepLinking: true,
    displayOperationId: true,
    displayRequestDuration: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    showCommonExtensions: true,
    tryItOutEnabled: false,
  });
})();
