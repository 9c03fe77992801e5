import { describe, expect, it } from 'vitest';
import { AnalysisSettingsError, analysisSettingsFrom } from './analysis-settings.ts';

describe('analysis settings', () => {
  it('is offline by default, with the default price rules', () => {
    const s = analysisSettingsFrom({});
    expect(s.llm).toBeNull();
    expect(s.priceRules.rounding).toBe('psychological');
    expect(s.previewTtlSeconds).toBe(86_400);
  });

  it('defaults the model per provider and picks the matching key', () => {
    expect(analysisSettingsFrom({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-a', ANTHROPIC_API_KEY: 'sk-b' }).llm).toMatchObject({ model: 'gpt-4o-mini', apiKey: 'sk-a', imageMaxSide: 768 });
    expect(analysisSettingsFrom({ LLM_PROVIDER: 'anthropic', OPENAI_API_KEY: 'sk-a', ANTHROPIC_API_KEY: 'sk-b' }).llm).toMatchObject({ model: 'claude-haiku-4-5', apiKey: 'sk-b' });
    expect(analysisSettingsFrom({ LLM_PROVIDER: 'openai', LLM_MODEL: 'gpt-4.1-mini' }).llm?.model).toBe('gpt-4.1-mini');
  });

  it('fails at start-up naming the variable, never echoing a value', () => {
    expect(() => analysisSettingsFrom({ LLM_PROVIDER: 'openai-compatible' })).toThrow(/LLM_BASE_URL/);
    expect(() => analysisSettingsFrom({ LLM_PROVIDER: 'gemini' })).toThrow(AnalysisSettingsError);
    expect(() => analysisSettingsFrom({ LLM_IMAGE_MAX_SIDE: '2048' })).toThrow(/LLM_IMAGE_MAX_SIDE/);
    expect(() => analysisSettingsFrom({ PRICE_RULES_JSON: '{"spread": 5}' })).toThrow(/PRICE_RULES_JSON/);
    let message = '';
    try {
      analysisSettingsFrom({ LLM_PROVIDER: 'sk-pasted-key-in-the-wrong-variable' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('LLM_PROVIDER');
    expect(message).not.toContain('sk-pasted-key');
  });
});
