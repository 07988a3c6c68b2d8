process.env.AWS_REGION ??= 'us-east-1';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_SERVICE_NAME ??= 'trailguard';
process.env.POWERTOOLS_METRICS_NAMESPACE ??= 'Trailguard';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
