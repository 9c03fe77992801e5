import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { AnalysisSettingsError, analysisSettingsFrom } from './analysis-settings.ts';

// The variables are parsed by the server's one configuration (loadConfig), as at start-up.
const settings = (env: Record<string, string>) => analysisSettingsFrom(loadConfig(env));

describe('analysis settings', () => {
  it('is offline by default, with the default price rules', () => {
    const s = settings({});
    expect(s.llm).toBeNull();
    expect(s.priceRules.rounding).toBe('psychological');
    expect(s.previewTtlSeconds).toBe(86_400);
    expect(s.modelsDir).toBeUndefined();
    expect(settings({ MODELS_DIR: ' /srv/models ' }).modelsDir).toBe('/srv/models');
  });

  it('defaults the model per provider and picks the matching key', () => {
    expect(settings({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-a', ANTHROPIC_API_KEY: 'sk-b' }).llm).toMatchObject({ model: 'gpt-4o-mini', apiKey: 'sk-a', imageMaxSide: 768 });
    expect(settings({ LLM_PROVIDER: 'anthropic', OPENAI_API_KEY: 'sk-a', ANTHROPIC_API_KEY: 'sk-b' }).llm).toMatchObject({ model: 'claude-haiku-4-5', apiKey: 'sk-b' });
    expect(settings({ LLM_PROVIDER: 'openai', LLM_MODEL: 'gpt-4.1-mini' }).llm?.model).toBe('gpt-4.1-mini');
    expect(settings({ LLM_PROVIDER: '', LLM_COST_INPUT_PER_MTOK: '' }).llm).toBeNull();
  });

  it('fails at start-up naming the variable, never echoing a value', () => {
    expect(() => settings({ LLM_PROVIDER: 'openai-compatible' })).toThrow(/LLM_BASE_URL/);
    expect(() => settings({ LLM_PROVIDER: 'gemini' })).toThrow(ConfigError);
    expect(() => settings({ LLM_IMAGE_MAX_SIDE: '2048' })).toThrow(/LLM_IMAGE_MAX_SIDE/);
    expect(() => settings({ PRICE_RULES_JSON: '{"spread": 5}' })).toThrow(/PRICE_RULES_JSON/);
    expect(() => settings({ PRICE_RULES_JSON: '{"spread": 5}' })).toThrow(AnalysisSettingsError);
    expect(() => settings({ PRICE_RULES_JSON: '{not json' })).toThrow(/PRICE_RULES_JSON: is not valid JSON/);
    let message = '';
    try {
      settings({ LLM_PROVIDER: 'sk-pasted-key-in-the-wrong-variable' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('LLM_PROVIDER');
    expect(message).not.toContain('sk-pasted-key');
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ LLM_PROVIDER: 'gemini', LLM_TIMEOUT_MS: '5', PHOTO_MAX_BYTES: 'lots', PRICE_RULES_JSON: '{' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual(['LLM_PROVIDER', 'LLM_TIMEOUT_MS', 'PHOTO_MAX_BYTES', 'PRICE_RULES_JSON']);
    }
  });
});
