"""Train the answer reranker (retriever/reranker.py) on the training pairs and near misses.

1. Examples. Each pair's question goes through the pipeline without a reranker; its 10 best
   answer windows are labelled 1 when they hold one of the pair's answer sentences (see
   adapter_training.answer_sentences), 0 otherwise, and answer sentences no window held are
   added as positives. A near miss's 10 best windows are all negatives.
2. Teacher. The bundled all-MiniLM-L6-v2, all six layers, fine-tuned to classify (question,
   window) pairs: binary cross-entropy with positives weighted 4, 2 epochs.
3. Student, shipped. The bundled model's word embeddings, frozen so that only the layers need
   storing, under the teacher's first three layers, trained to give the teacher's logits (mean
   squared error) plus half the cross-entropy on the labels, 2 epochs.

Distilling matters: the same three layers trained on the labels alone measured 0.730 answer
accuracy on the 389 dev questions, against 0.765 distilled (0.733 with no reranker; both
re-judging every window of every question that states what is asked).
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.adapter_training import TrainingPair, answer_sentences, document_sentences
from indexer.embedding import DEFAULT_MODEL, bundled_model_path
from retriever.reranker import CONFIG_FILE, EMBEDDINGS, WEIGHTS_FILE, encode_pairs, window_text

NEAR_MISSES = Path(__file__).with_name("training") / "near_misses.jsonl"
CANDIDATES = 10  # windows per question, best first
LAYERS = 3  # the student's; six would double the ~13 ms it adds to `ask` p50 (8 windows, int8)
EPOCHS = 2
BATCH_SIZE = 32
POSITIVE_WEIGHT = 4.0  # about one window in four is an answer
TEACHER_RATE = 4e-5
STUDENT_RATE = 1e-4
MAX_LENGTH = 128
SEED = 0
ProgressFn = Callable[[str], None]


@dataclass(frozen=True)
class Example:
    """A (query, window) pair and whether the window answers the query."""

    query: str
    text: str
    label: float


def training_examples(assistant, pairs: Sequence[TrainingPair],
                      near_misses: Sequence[tuple[str, tuple[str, ...]]]) -> list[Example]:
    """Labelled windows for the pairs whose answer this index holds, and for the near misses
    (question, history); `assistant` is a retriever.assistant.Assistant without a reranker."""
    index = assistant.index
    by_file = {d.meta.file: d.doc_id for d in index.documents.values()}
    sentences = {doc_id: document_sentences(index, doc_id) for doc_id in index.documents}
    asked: list[tuple[str, tuple[str, ...], set[int]]] = []
    for pair in pairs:
        doc_id = by_file.get(pair.doc)
        answers = set(answer_sentences(sentences[doc_id], pair.evidence)) if doc_id else set()
        if answers:
            asked.append((pair.question, (), answers))
    asked += [(question, history, set()) for question, history in near_misses]
    examples = []
    for question, history, answers in asked:
        query, ranked = assistant.candidates(question, history)
        seen = set()
        for window in ranked[:CANDIDATES]:
            text = window_text(index, window.sentences)
            examples.append(Example(query.text, text, float(bool(answers & set(window.sentences)))))
            seen.add(text)
        for sentence in sorted(answers):
            text = window_text(index, (sentence,))
            if text not in seen:
                examples.append(Example(query.text, text, 1.0))
    return examples


def load_near_misses(path: Path = NEAR_MISSES) -> list[tuple[str, tuple[str, ...]]]:
    """(question, history) of each near miss in an evaluation-format JSON-lines file."""
    from eval.dataset import load_questions

    return [(q.question, q.history) for q in load_questions([path]) if not q.answerable]


def train_reranker(examples: Sequence[Example], layers: int = LAYERS, epochs: int = EPOCHS,
                   progress: ProgressFn | None = None):
    """The student cross-encoder (a transformers BertForSequenceClassification) for the examples."""
    import torch
    from transformers import AutoModel, AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()  # "classifier weights newly initialised" is the point
    torch.manual_seed(SEED)
    base = str(bundled_model_path())
    tokenizer = AutoTokenizer.from_pretrained(base)
    teacher = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1)
    _fit(teacher, tokenizer, examples, None, epochs, TEACHER_RATE, 0.1, progress, "teacher")
    targets = _logits(teacher.eval(), tokenizer, examples)
    student = copy.deepcopy(teacher)
    student.bert.encoder.layer = torch.nn.ModuleList(student.bert.encoder.layer[:layers])
    student.config.num_hidden_layers = layers
    student.bert.embeddings.load_state_dict(AutoModel.from_pretrained(base).embeddings.state_dict())
    for parameter in student.bert.embeddings.parameters():
        parameter.requires_grad = False
    _fit(student, tokenizer, examples, targets, epochs, STUDENT_RATE, 0.05, progress, "student")
    return student.eval()


def save_reranker(model, folder: Path) -> None:
    """The model's layers (half precision) and settings, without the bundled word embeddings."""
    import torch
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    state = {name: value.detach().to(torch.float16).contiguous()
             for name, value in model.state_dict().items() if not name.startswith(EMBEDDINGS)}
    save_file(state, str(folder / WEIGHTS_FILE))
    settings = {"base_model": DEFAULT_MODEL, "layers": model.config.num_hidden_layers,
                "max_length": MAX_LENGTH}
    (folder / CONFIG_FILE).write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")


def _fit(model, tokenizer, examples: Sequence[Example], targets: list[float] | None, epochs: int,
         rate: float, warmup: float, progress: ProgressFn | None, name: str) -> None:
    """Train in place: cross-entropy on the labels, plus squared error to the targets if given."""
    import torch

    order = list(range(len(examples)))
    shuffle = random.Random(SEED).shuffle
    parameters = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(parameters, lr=rate, weight_decay=0.01)
    steps = max(1, epochs * -(-len(order) // BATCH_SIZE))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, s / max(1.0, warmup * steps)) * max(0.0, (steps - s) / steps))
    cross_entropy = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(POSITIVE_WEIGHT))
    model.train()
    for epoch in range(epochs):
        shuffle(order)
        for begin in range(0, len(order), BATCH_SIZE):
            batch = order[begin:begin + BATCH_SIZE]
            logits = model(**_encode(tokenizer, [examples[i] for i in batch])).logits.reshape(-1)
            labels = torch.tensor([examples[i].label for i in batch])
            if targets is None:
                loss = cross_entropy(logits, labels)
            else:
                wanted = torch.tensor([targets[i] for i in batch])
                loss = torch.nn.functional.mse_loss(logits, wanted) + 0.5 * cross_entropy(logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        if progress:
            progress(f"{name}: epoch {epoch + 1} of {epochs} done, last loss {loss.item():.3f}")


def _logits(model, tokenizer, examples: Sequence[Example]) -> list[float]:
    """The model's logit for each example, in order (batched by length)."""
    import torch

    order = sorted(range(len(examples)), key=lambda i: len(examples[i].query) + len(examples[i].text))
    logits = [0.0] * len(examples)
    with torch.inference_mode():
        for begin in range(0, len(order), 64):
            batch = order[begin:begin + 64]
            values = model(**_encode(tokenizer, [examples[i] for i in batch])).logits.reshape(-1)
            for i, value in zip(batch, values.tolist()):
                logits[i] = value
    return logits


def _encode(tokenizer, examples: Sequence[Example]):
    return encode_pairs(tokenizer, [e.query for e in examples], [e.text for e in examples], MAX_LENGTH)
