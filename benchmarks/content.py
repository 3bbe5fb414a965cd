"""Made-up but realistic paper content: titles, author lists and ~1,200-character abstracts.

Deterministic for a ``random.Random``. The words are chosen so that no line can be taken
for page structure by the text readers: no title says "best", "award" or "presentation"
(poster pages mark those lines), no text says "cookie" (a banner line), no name holds a
comma or a middle dot (author separators), and every abstract ends with a full stop.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

ADJECTIVES = (
    "Sparse", "Robust", "Scalable", "Efficient", "Provable", "Implicit", "Causal", "Equivariant",
    "Adaptive", "Contrastive", "Hierarchical", "Latent", "Stochastic", "Federated", "Bayesian",
    "Continual", "Generative", "Invariant", "Modular", "Neural", "Diffusion-Based", "Private",
    "Self-Supervised", "Multimodal", "Geometric", "Differentiable", "Symbolic", "Low-Rank",
)  # fmt: skip
NOUNS = (
    "Transformers", "Graph Networks", "Policies", "Representations", "World Models",
    "Kernels", "Optimizers", "Language Models", "Reward Models", "Autoencoders", "Agents",
    "Operators", "Flows", "Embeddings", "Retrievers", "Tokenizers", "Priors", "Critics",
    "Mixtures of Experts", "State-Space Models", "Neural Fields", "Score Models",
)  # fmt: skip
TASKS = (
    "Long-Context Reasoning", "Offline Reinforcement Learning", "Protein Design",
    "Molecular Generation", "Out-of-Distribution Detection", "Video Prediction",
    "Tabular Data", "Code Synthesis", "Weather Forecasting", "Few-Shot Classification",
    "Combinatorial Optimization", "Speech Recognition", "Image Editing", "Theorem Proving",
    "Domain Adaptation", "Neural Rendering", "Time Series", "Physics Simulation",
    "Continual Control", "Causal Discovery", "Model Compression", "Active Learning",
)  # fmt: skip
FORMS = (
    "{a} {n} for {t}", "On the Limits of {a} {n}", "{a} {n}: A Study of {t}",
    "Towards {a} {n} in {t}", "When Do {n} Help {t}?", "Learning {a} {n} from {t}",
    "Rethinking {t} with {a} {n}", "{n} Are {a} Learners of {t}", "Scaling {a} {n} to {t}",
    "Why {a} {n} Fail at {t}", "{t} via {a} {n}", "Understanding {a} {n} through {t}",
)  # fmt: skip
# About one title in seventy is about lottery tickets: what `confcli search lottery` finds.
LOTTERY_FORMS = (
    "The Lottery Ticket Hypothesis for {a} {n}", "Winning the Lottery with {a} {n}",
    "Lottery Tickets in {n} for {t}", "Drawing Early-Bird Lottery Tickets in {a} {n}",
)  # fmt: skip
FIRST = (
    "Ana", "Wei", "Jürgen", "Zoë", "Łukasz", "Priya", "Kwame", "Sofia", "Hiroshi", "Amara",
    "Mateo", "Yuki", "Olumide", "Ingrid", "Rahul", "Chen", "Fatima", "Lars", "Noor", "Diego",
    "Søren", "José", "François", "Çağlar", "Björn", "Sébastien", "Þóra", "Ólafur", "Aleksandra",
    "Dmitrii", "Mónica", "Nguyễn Thị", "Siddharth", "Eun-ji", "Tomáš", "Agnieszka", "Emre",
)  # fmt: skip
LAST = (
    "Smith", "Zhang", "Müller", "Kowalski", "Okafor", "Tanaka", "García", "Rossi", "Nguyen",
    "Haddad", "Ivanova", "Kim", "Santos", "Andersen", "Mensah", "Chaudhary", "Laurent", "Park",
    "Dvořák", "Ångström", "Gülçehre", "Schölkopf", "Wołczyk", "Nuñez", "Øksendal", "Lê",
    "Pérez-Ortiz", "van der Berg", "O'Brien", "Chatterjee", "Yılmaz", "Jędrzejewski",
)  # fmt: skip
# Whole names written in their own script, as some pages show them.
NATIVE_NAMES = ("王芳", "李明", "田中 陽子", "김민준", "Анна Петрова", "Δημήτρης Παππάς")
SUBJECTS = (
    "gradient noise", "the training dynamics", "attention heads", "sparse subnetworks",
    "the loss landscape", "in-context learning", "distribution shift", "the learned features",
    "reward misspecification", "data augmentation", "the implicit bias of SGD",
    "calibration under shift", "the spectral norm",
)  # fmt: skip
SENTENCES = (
    "We study how {s} shapes the behaviour of {n} and show that a simple change suffices.",
    "Our analysis reveals that {s} behaves differently than commonly assumed, especially in "
    "the over-parameterized regime where $d \\gg n$.",
    "Experiments on {k} benchmarks show gains of up to {p}% over strong baselines at a "
    "fraction of the compute.",
    "We prove a regret bound of $\\mathcal{{O}}(\\sqrt{{T \\log T}})$ and match it with a "
    "lower bound up to logarithmic factors.",
    "Under mild assumptions on $\\mathbf{{x}}_t$, the estimator is consistent and converges "
    "at rate $n^{{-1/2}}$.",
    "A key ingredient is a new $\\ell_2$-regularized objective that keeps {s} stable.",
    "We further show that {n} trained this way transfer to {t} without any fine-tuning.",
    "Ablations isolate the contribution of each component and show that {s} explains most "
    "of the improvement.",
    "The method needs no extra parameters and trains in hours on a single accelerator.",
    "Finally, we discuss limitations and release code and data to support future work on {t}.",
    "In contrast to prior work, our approach does not require access to $\\nabla_\\theta "
    "\\mathcal{{L}}$ at test time.",
)  # fmt: skip
# One abstract in a hundred mentions lottery tickets (besides the titles about them).
LOTTERY_SENTENCE = (
    "We find that pruned networks contain lottery ticket subnetworks that match the accuracy "
    "of the dense model at {p}% sparsity."
)
INSTITUTIONS = (
    "ETH Zurich", "Tsinghua University", "MIT", "University of Oxford", "Mila",
    "Google DeepMind", "KAIST", "University of Toronto", "Max Planck Institute for Intelligent "
    "Systems", "Carnegie Mellon University", "EPFL", "Seoul National University",
)  # fmt: skip


@dataclass(frozen=True)
class Paper:
    title: str
    authors: tuple[str, ...]
    abstract: str


class PaperWriter:
    """Writes papers with a conference's own random stream; titles never repeat within it."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.titles: set[str] = set()

    def paper(self) -> Paper:
        title = self.title()
        return Paper(title, self.authors(), self.abstract(title))

    def title(self) -> str:
        pick = self.rng.choice
        for attempt in range(50):
            forms = LOTTERY_FORMS if self.rng.random() < 1 / 70 else FORMS
            title = pick(forms).format(a=pick(ADJECTIVES), n=pick(NOUNS), t=pick(TASKS))
            if attempt > 20:  # the combinations are running out: number the sequels
                title = f"{title} {attempt - 19}"
            if title not in self.titles:
                self.titles.add(title)
                return title
        raise RuntimeError("no fresh title")

    def authors(self) -> tuple[str, ...]:
        count = min(12, max(1, round(self.rng.gauss(4.5, 2.2))))
        return tuple(self.name() for _ in range(count))

    def name(self) -> str:
        if self.rng.random() < 0.02:
            return self.rng.choice(NATIVE_NAMES)
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def abstract(self, title: str) -> str:
        """Sentences until about 1,200 characters (900 to 1,500)."""
        goal = self.rng.randint(900, 1500)
        noun = title.split(":")[0].lower()
        sentences: list[str] = []
        if self.rng.random() < 0.01:
            sentences.append(LOTTERY_SENTENCE.format(p=self.rng.randint(2, 40)))
        while sum(map(len, sentences)) < goal:
            sentences.append(self.sentence(noun))
        return " ".join(sentences)

    def sentence(self, noun: str) -> str:
        pick = self.rng.choice
        return pick(SENTENCES).format(
            s=pick(SUBJECTS),
            n=noun,
            t=pick(TASKS).lower(),
            k=self.rng.randint(3, 14),
            p=self.rng.randint(2, 40),
        )
